import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContextId, CTX, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type H64, loadHasher } from './fingerprint.ts';
import { type PNode, ResultTaker, SearchPool } from './parallel.ts';
import { type Bounds, search } from './search.ts';
import { type VerifyResult, verifyPolicy } from './verify.ts';
import { VisitedSet } from './visited.ts';
import { CHILD_INTS, type TaskFound, type TaskResult } from './worker-task.ts';

/**
 * The parallel search (`--workers N`) is the one-thread search without sleep sets, spread over
 * threads: on every buggy catalogued policy and a few fixed ones, within small bounds, the same
 * states, transitions and shortest counterexamples, op for op and step for step.
 */
let h64: H64;
let pool: SearchPool;
beforeAll(async () => {
  h64 = await loadHasher();
  pool = new SearchPool(2);
});
afterAll(async () => {
  await pool.close();
});

const contexts = (['U0', 'U1', 'R', 'G', 'M', 'W', 'X', 'I'] as const).map((n) => CTX[n] as ContextId);
const small: Bounds = { depth: 3, objects: 1, vms: 2, contexts, preempt: 12 };

/** What two verifications must agree on: each violation's code, ops and steps, and the totals. */
function shape(r: VerifyResult): string {
  const found = r.found.map((f) => `${f.violation.code} ${f.steps} ${JSON.stringify(f.ops)}`);
  return [...found, `${r.stats.states} states ${r.stats.transitions} transitions depth ${r.stats.depth}`].join('\n');
}

describe('parallel search', () => {
  const chosen: Policy[] = [
    ...Object.values(policies).filter((p) => p.expects.length > 0),
    policies['i915-2015-e2273302'],
    policies['i915-2019-userptr-interval-seq'],
    policies['dmabuf-reference-exporter'],
  ];
  it('finds what one thread finds, with the same figures, on the buggy policies and some fixed ones', async () => {
    let violations = 0;
    for (const p of chosen) {
      const one = await verifyPolicy(p, small, h64, { por: false });
      const two = await verifyPolicy(p, small, h64, { workers: { pool, source: { name: p.name } } });
      expect(shape(two), p.name).toBe(shape(one));
      violations += one.found.length;
    }
    // The comparison is not vacuous: most buggy policies break something within these bounds.
    expect(violations).toBeGreaterThanOrEqual(20);
  });

  it("loads a user's policy from its file in each worker", async () => {
    const mod = await import('../examples/map-at-first-bind.ts');
    const p = mod.default as Policy;
    const one = await verifyPolicy(p, small, h64, { por: false });
    const two = await verifyPolicy(p, small, h64, {
      workers: { pool, source: { file: 'examples/map-at-first-bind.ts' } },
    });
    expect(shape(two)).toBe(shape(one));
  });

  it('stops at a budget as the one-thread search does: incomplete, never verified', async () => {
    const p = policies['i915-2015-e2273302'];
    const r = await verifyPolicy(p, { ...small, depth: 4 }, h64, {
      maxStates: 500,
      workers: { pool, source: { name: p.name } },
    });
    expect(r.stopped).toBe('max-states');
    expect(r.found).toEqual([]);
    const whole = await search(p, { ...small, depth: 4 }, h64);
    expect(r.stats.states).toBeLessThan(whole.stats.states);
  });
});

describe('ResultTaker', () => {
  /** A result of children `[parent, op, run, steps, lo, hi]` and findings. */
  const result = (children: number[][], found: TaskFound[]): TaskResult => ({
    children: Int32Array.from(children.flat()),
    n: children.length,
    found,
    transitions: children.length,
  });
  const drainOf = (child: number, steps: number): TaskFound => ({
    parent: 0,
    op: child,
    run: 0,
    steps,
    code: 'X',
    child,
  });

  it('keeps new states only, and a drain only from the path that reached its state first', () => {
    const taker = new ResultTaker(new VisitedSet());
    const chunk: PNode[] = [{ trail: null, depth: 0, steps: 0 }];
    const kept: PNode[] = [];
    const found: TaskFound[] = [];
    // Children 0 and 1 reach one state (the second path in fewer steps); child 2 another.
    const r1 = result(
      [
        [0, 0, 0, 9, 7, 7],
        [0, 1, 0, 5, 7, 7],
        [0, 2, 0, 4, 8, 8],
      ],
      [drainOf(0, 12), drainOf(1, 8), { parent: 0, op: 3, run: 0, steps: 3, code: 'Y', child: -1 }],
    );
    expect(r1.children.length).toBe(3 * CHILD_INTS);
    expect(taker.take(r1, chunk, kept, (f) => found.push(f))).toBe(2);
    expect(kept.map((k) => [k.trail?.op, k.steps, k.depth])).toEqual([
      [0, 9, 1],
      [2, 4, 1],
    ]);
    // The drain of child 1 (a state child 0 reached first) does not count; a transition's always does.
    expect(found.map((f) => `${f.code} ${f.steps}`)).toEqual(['X 12', 'Y 3']);
    // A later result reaching a state already seen: neither kept nor drained again.
    const later: TaskFound[] = [];
    expect(taker.take(result([[0, 4, 0, 1, 8, 8]], [drainOf(0, 2)]), chunk, kept, (f) => later.push(f))).toBe(0);
    expect(later).toEqual([]);
    expect(kept.length).toBe(2);
  });
});
