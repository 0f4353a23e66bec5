import { describe, expect, it } from 'vitest';
import { CONTEXTS, type Op } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { checkOps, fuzzPolicy, record, TEST_RUNS, TEST_SEED } from './index.ts';

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('interleavings', () => {
  it('finds a race that no sequential order of the same operations shows (stale userptr publish)', async () => {
    const p = policies['i915-userptr-worker-without-token'];
    // A campaign may also shrink to a witness without preemption, where an op that blocks (an
    // unbind waiting for the GPU) lets the invalidation in: take the first seed whose witness
    // preempts, then show that it needs to.
    let ops: readonly Op[] = [];
    for (let seed = TEST_SEED; seed < TEST_SEED + 10 && !ops.some((o) => o.run > 0); seed++) {
      const r = await fuzzPolicy(p, { seed, runs: TEST_RUNS, maxViolations: 1 });
      expect(r.found[0]?.violation.code).toBe('SEQ-PUBLISH');
      ops = r.found[0]?.ops ?? [];
    }
    expect(ops.some((o) => o.run > 0)).toBe(true);

    // Every order of the same operations, each run to completion before the next starts: clean.
    const atomic = ops.filter((o) => o.kind !== 'resume').map((o): Op => ({ ...o, run: 0 }));
    const orders = permutations(atomic);
    for (const order of orders) expect(checkOps(p, order, { only: ['SEQ-PUBLISH'] }).violation).toBeNull();
    expect(orders.length).toBeGreaterThan(1);

    // The counterexample itself has the worker step, the core mm invalidate, then the worker again.
    const ctxs = record(p, ops).steps.map((s) => CONTEXTS[s.ctx]);
    const firstW = ctxs.indexOf('W');
    const m = ctxs.indexOf('M', firstW);
    expect(firstW).toBeGreaterThanOrEqual(0);
    expect(m).toBeGreaterThan(firstW);
    expect(ctxs.indexOf('W', m)).toBeGreaterThan(m);
  });
});
