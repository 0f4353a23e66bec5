import type { FinalPass } from '../fuzz/index.ts';
import { type ContextId, MAX_PREEMPT, type Op, opTablesOf } from '../model/index.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import { policyBounds } from './bounds.ts';
import type { H64 } from './fingerprint.ts';
import { type Bounds, search } from './search.ts';

/** How far `bfsFinalPass` searches. */
export interface FinalPassLimits {
  /** Longest counterexample it tries to shorten (the search is one op shallower). */
  readonly maxOps: number;
  /** Shortest it tries: below, local shrinking is already exhaustive enough. */
  readonly minOps: number;
  /** Budget of each search, in states: past it, the local result stands. */
  readonly maxStates: number;
}

/**
 * Counterexamples of 3 to 9 ops, and at most one op past the policy's verify depth (its own,
 * `Policy.verify`, or the global 4: so 5 ops for most policies, 9 for the dma-buf ones, whose bound
 * is 8), 300,000 states a search (a few seconds at most; an 8-op dma-buf counterexample of
 * exporter-2015-cached-sg takes about 40,000).
 */
export const FINAL_PASS_LIMITS: FinalPassLimits = { maxOps: 9, minOps: 3, maxStates: 300_000 };

/**
 * The fuzzer's last shrinking pass (`FuzzOptions.finalPass`): local shrinking is 1-minimal, not
 * minimum, and a shorter counterexample can be another race that no local move reaches (SEQ-PUBLISH
 * of i915-2015-userptr-380996aa: 5 ops shrunk, 4 exist). A breadth-first search one op shallower
 * than the counterexample, in its world, restricted to its contexts, to as many objects as it
 * creates and to the address spaces it uses, with every other invariant masked, returns the shortest sequence breaking the same
 * invariant there, or null (none, or the budget ran out: the local result stands). A diagnostic
 * (IOVA-HEADROOM, DEBUG-TABLE-HEADROOM: a resource running out) is left to local shrinking: its
 * counterexample is as long as the resource is large, not a race to shorten. What the pass returns
 * is replayed in the counterexample's own world (`fuzz/campaign.ts`) and kept only if it breaks the
 * same invariant there.
 */
export function bfsFinalPass(h64: H64, limits: FinalPassLimits = FINAL_PASS_LIMITS): FinalPass {
  return async (policy, ops, code, _mask, config) => {
    // Up to one op past the policy's own verify depth: where its bugs lie, and where a search is
    // known to be quick (longer local results of a policy with the global bound, 4 ops, stand).
    const maxOps = Math.min(limits.maxOps, policyBounds(policy).depth + 1);
    if (ops.length < limits.minOps || ops.length > maxOps) return null;
    if ((invariants as Record<string, Invariant>)[code]?.diagnostic === true) return null;
    const contexts = [...new Set(ops.map((o) => o.ctx))].sort((a, b) => a - b) as ContextId[];
    const objects = Math.max(1, ops.filter((o) => o.kind === 'create').length);
    // Address spaces: the GGTT and the PPGTTs up to the highest the ops name (a dma-buf op's `vm`
    // is an importing device, not an address space).
    const domains = opTablesOf(policy).domains;
    let vms = 1;
    for (const o of ops) if (domains[o.kind]?.vm === 'vm') vms = Math.max(vms, o.vm + 1);
    vms = Math.min(vms, config.vms);
    const bounds: Bounds = {
      depth: ops.length - 1,
      objects,
      vms,
      contexts,
      preempt: Math.max(MAX_PREEMPT, ...ops.map((o: Op) => o.run)),
    };
    const mask = new Set(Object.keys(invariants).filter((c) => c !== code));
    const r = await search(
      policy,
      bounds,
      h64,
      mask,
      { maxStates: limits.maxStates },
      { ...config, maxObjects: objects, vms },
    );
    return r.found?.ops ?? null;
  };
}
