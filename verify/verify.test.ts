import { beforeAll, describe, expect, it } from 'vitest';
import { checkOps, fuzzPolicy } from '../fuzz/index.ts';
import { type ContextId, CTX, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type H64, loadHasher } from './fingerprint.ts';
import { type Bounds, boundedConfig, search } from './search.ts';
import { verifyPolicy } from './verify.ts';

let h64: H64;
beforeAll(async () => {
  h64 = await loadHasher();
});

const ctxs = (...names: (keyof typeof CTX)[]) => names.map((n) => CTX[n] as ContextId);
/** Small bounds that still hold the bug of e2273302: one object bound into two address spaces by two threads. */
const small: Bounds = { depth: 3, objects: 1, vms: 2, contexts: ctxs('U0', 'U1', 'R', 'G'), preempt: 12 };

describe('verify', () => {
  it('finds MAP-SINGLE of i915 before e2273302 in 3 ops, the fewest, and the trace replays', async () => {
    const p = policies['i915-2015-before-e2273302'];
    const r = await verifyPolicy(p, small, h64, {});
    const first = r.found[0];
    expect(first?.violation.code).toBe('MAP-SINGLE');
    expect(first?.ops.length).toBe(3);
    expect(r.stopped).toBeNull();
    const again = checkOps(p, first?.ops ?? [], { config: boundedConfig(p, small) });
    expect(again.violation?.code).toBe('MAP-SINGLE');
    // Nothing shorter: at depth 2 the same search is clean.
    const two = await search(p, { ...small, depth: 2 }, h64);
    expect(two.found).toBeNull();
    expect(two.stopped).toBeNull();
  });

  it('verifies e2273302 within the same bounds, with figures', async () => {
    const r = await verifyPolicy(policies['i915-2015-e2273302'], small, h64, {});
    expect(r.found).toEqual([]);
    expect(r.stopped).toBeNull();
    expect(r.stats.depth).toBe(3);
    expect(r.stats.states).toBeGreaterThan(100);
    expect(r.stats.transitions).toBeGreaterThanOrEqual(r.stats.states - 1);
  });

  it('stops, incomplete, when a budget is too small for the bound', async () => {
    const r = await verifyPolicy(policies['i915-2015-e2273302'], small, h64, { maxStates: 50 });
    expect(r.stopped).toBe('max-states');
    expect(r.found).toEqual([]);
    const s = await search(policies['i915-2015-e2273302'], small, h64, new Set(), { shouldStop: () => true });
    expect(s.stopped).toBe('interrupted');
  });

  it('explores every preemption point: fewer states with ops run atomically (--preempt 0)', async () => {
    const p = policies['i915-2015-e2273302'];
    const atomic = await search(p, { ...small, preempt: 0 }, h64);
    const preempted = await search(p, small, h64);
    expect(atomic.found).toBeNull();
    expect(atomic.stats.states * 2).toBeLessThan(preempted.stats.states);
  });
});

/**
 * Fuzzing's shrunk counterexample against the BFS-minimal one, where the bug lies within small
 * bounds: fuzzing (fast-check shrinking, then the 1-minimal minimiser) must find as few ops.
 */
describe('minimality of fuzz counterexamples', () => {
  const cases: [string, Bounds][] = [['i915-2015-before-e2273302', small]];
  for (const [name, bounds] of cases) {
    it(`gives the BFS-minimal op count for ${name}`, async () => {
      const p = (policies as Record<string, Policy>)[name] as Policy;
      const config = boundedConfig(p, bounds);
      const proven = await verifyPolicy(p, bounds, h64, {});
      const fuzzed = await fuzzPolicy(p, { seed: 1, runs: 2000, config, maxViolations: 1 });
      const code = fuzzed.found[0]?.violation.code;
      const bfs = proven.found.find((f) => f.violation.code === code);
      expect(bfs).toBeDefined();
      expect(fuzzed.found[0]?.ops.length).toBe(bfs?.ops.length);
    });
  }
});
