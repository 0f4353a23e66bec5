import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { policies } from '../policies/index.ts';

const fixed = policies['i915-2021-shrinker-trylock'];
const only = ['RECLAIM-TRYLOCK'] as const;

describe('RECLAIM-TRYLOCK', () => {
  it('fires when the shrinker takes a reservation with dma_resv_lock', () => {
    const r = checkOps(policies['shrinker-blocking-resv-lock'], [S.create(), S.bind(0, 0), S.shrink()], { only });
    expect(r.violation?.code).toBe('RECLAIM-TRYLOCK');
    expect(r.violation?.message).toBe(
      '[R] blocks on dma_resv_lock(resv#0) inside reclaim (fs_reclaim held): only dma_resv_trylock is allowed there',
    );
  });

  it('is silent when the shrinker trylocks, and skips an object whose reservation is held', () => {
    // execbuf preempted right after reserving obj#0: reclaim must skip it, not wait.
    const r = checkOps(fixed, [S.create(), S.bind(0, 0), S.execbuf(0, 0, false, { run: 1 }), S.shrink()], { only });
    expect(r.violation).toBeNull();
    expect(r.world.objects[0]?.sg).not.toBe(-1);
  });

  test.prop([opsArb(optionsFor(fixed))])('is silent on the fixed shrinker under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
