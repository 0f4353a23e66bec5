import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, S } from '../generators/index.ts';
import { fenceCreate, objAt, program, resvAddFence, USAGE, vmaAt } from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';

const fixed = policies['i915-2015-e2273302'];
const only = ['FENCE-UNDER-LOCK'] as const;

/** Deliberately broken: a submission that publishes its fence without reserving the object. */
const unlockedAdd = definePolicy({
  ...fixed,
  name: 'test-fence-without-lock',
  programs: {
    ...fixed.programs,
    execbuf: program('execbuf', {
      bind: (k, f) => k.call('bind', f.obj, f.vm, 0),
      submit: (k, f) => {
        const o = objAt(k.w, f.obj);
        const vma = o.vmas[f.vm] ?? -1;
        if (vma < 0 || !vmaAt(k.w, vma).bound) return;
        resvAddFence(k, o.resv, fenceCreate(k, k.ctx, [vmaAt(k.w, vma).id], false), USAGE.READ);
      },
    }),
  },
});

describe('FENCE-UNDER-LOCK', () => {
  it('fires when a fence is added to an unlocked reservation', () => {
    const r = checkOps(unlockedAdd, [S.create(), S.execbuf(0, 0)], { only });
    expect(r.violation?.message).toBe('dma_resv_add_fence(resv#0, fence 0:1) without holding the reservation lock');
  });

  it('is silent when execbuf adds it between lock and unlock', () => {
    expect(checkOps(fixed, [S.create(), S.execbuf(0, 0), S.execbuf(0, 1, true)], { only }).violation).toBeNull();
  });

  test.prop([opsArb()])('is silent on the fixed policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
