import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { clearPtes, program } from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';

const fixed = policies['i915-2021-shrinker-trylock'];
const only = ['PINNED-STAYS'] as const;

/** Deliberately broken: a shrinker that unbinds every bound VMA, pinned or not. */
const ignoresPins = definePolicy({
  ...fixed,
  name: 'test-shrinker-ignores-pins',
  programs: {
    ...fixed.programs,
    shrink: program('shrink', {
      zap: (k) => {
        for (const v of k.w.vmas) if (v.bound) clearPtes(k, v.id);
      },
    }),
  },
});

// execbuf preempted after pinning its VMA (lock, bind, vma_bind x3, pin): reclaim runs then.
const whilePinned = [S.create(), S.execbuf(0, 0, false, { run: 6 }), S.shrink()];

describe('PINNED-STAYS', () => {
  it('fires when reclaim unbinds a VMA an execbuf has pinned', () => {
    const r = checkOps(ignoresPins, whilePinned, { only });
    expect(r.violation?.code).toBe('PINNED-STAYS');
    expect(r.violation?.message).toMatch(/reclaim unbound vma#0 \(obj#0 in ggtt\) while it is pinned/);
  });

  it('is silent when the shrinker skips pinned objects', () => {
    const r = checkOps(fixed, whilePinned, { only });
    expect(r.violation).toBeNull();
    expect(r.world.vmas[0]?.bound).toBe(true);
  });

  test.prop([opsArb(optionsFor(fixed))])('is silent on the fixed shrinker under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
