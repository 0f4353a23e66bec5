import { describe, expect, it } from 'vitest';
import { fuzzPolicy, TEST_RUNS, TEST_SEED } from '../fuzz/index.ts';
import policy from './map-at-first-bind.ts';

describe('README example: map at first bind (Imre Deak v1)', () => {
  it('runs clean against every invariant', async () => {
    const r = await fuzzPolicy(policy, { seed: TEST_SEED, runs: TEST_RUNS });
    expect(r.found).toEqual([]);
    expect(r.coverage.guards['MAP-SINGLE']).toBeGreaterThan(0);
  });
});
