import { fuzzTest } from 'dmacheck/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps, fuzzPolicy, TEST_RUNS, TEST_SEED } from '../fuzz/index.ts';
import { S } from '../generators/index.ts';
import { type ContextId, CTX, clearPtes, program } from '../model/index.ts';
import policy from './scanout-pin.ts';

describe('README example: an op of your own (scanout pin)', () => {
  fuzzTest(policy);

  it('draws its own op, and reaches reclaim while the scanout is pinned (not vacuous)', async () => {
    const r = await fuzzPolicy(policy, { seed: TEST_SEED, runs: TEST_RUNS });
    expect(r.coverage.ops.pin_for_scanout).toBeGreaterThan(0);
    expect(r.coverage.guards['PINNED-STAYS']).toBeGreaterThan(0);
  });

  it('catches the same policy with a shrinker that unbinds pinned VMAs', () => {
    const broken = {
      ...policy,
      programs: {
        ...policy.programs,
        shrink: program('shrink', {
          zap: (k) => {
            for (const v of k.w.vmas) if (v.bound) clearPtes(k, v.id);
          },
        }),
      },
    };
    const pin = { kind: 'pin_for_scanout', ctx: CTX.U0 as ContextId, obj: 0, vm: 0, arg: 0, run: 0 };
    expect(checkOps(policy, [S.create(), pin, S.shrink()]).violation).toBeNull();
    expect(checkOps(broken, [S.create(), pin, S.shrink()]).violation?.code).toBe('PINNED-STAYS');
  });
});
