import { fuzzTest } from 'dmacheck/vitest';
import { describe, expect, it } from 'vitest';
import { fuzzPolicy, TEST_RUNS, TEST_SEED } from '../fuzz/index.ts';
import policy from './map-at-first-bind.ts';

describe('README example: map at first bind (Imre Deak v1)', () => {
  // The same helper a driver's own repository uses (dmacheck/vitest).
  fuzzTest(policy);

  it('reaches the situation MAP-SINGLE guards (not a vacuous pass)', async () => {
    const r = await fuzzPolicy(policy, { seed: TEST_SEED, runs: TEST_RUNS });
    expect(r.coverage.guards['MAP-SINGLE']).toBeGreaterThan(0);
  });
});
