import type { FinalPass } from '../fuzz/index.ts';
import { type ContextId, MAX_PREEMPT, type Op } from '../model/index.ts';
import { invariants } from '../properties/index.ts';
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

/** Counterexamples of 3 to 5 ops, 30,000 states a search (about a second). */
export const FINAL_PASS_LIMITS: FinalPassLimits = { maxOps: 5, minOps: 3, maxStates: 30_000 };

/**
 * The fuzzer's last shrinking pass (`FuzzOptions.finalPass`): local shrinking is 1-minimal, not
 * minimum, and a shorter counterexample can be another race that no local move reaches (SEQ-PUBLISH
 * of i915-2015-userptr-380996aa: 5 ops shrunk, 4 exist). A breadth-first search one op shallower
 * than the counterexample, in its world, restricted to its contexts and to as many objects as it
 * creates, with every other invariant masked, returns the shortest sequence breaking the same
 * invariant there, or null (none, or the budget ran out: the local result stands).
 */
export function bfsFinalPass(h64: H64, limits: FinalPassLimits = FINAL_PASS_LIMITS): FinalPass {
  return async (policy, ops, code, _mask, config) => {
    if (ops.length < limits.minOps || ops.length > limits.maxOps) return null;
    const contexts = [...new Set(ops.map((o) => o.ctx))].sort((a, b) => a - b) as ContextId[];
    const objects = Math.max(1, ops.filter((o) => o.kind === 'create').length);
    const bounds: Bounds = {
      depth: ops.length - 1,
      objects,
      vms: config.vms,
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
      { ...config, maxObjects: objects },
    );
    return r.found?.ops ?? null;
  };
}
