import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContextId, CTX, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type H64, loadHasher } from './fingerprint.ts';
import { SearchPool } from './parallel.ts';
import { type Bounds, search } from './search.ts';
import { type VerifyResult, verifyPolicy } from './verify.ts';

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
