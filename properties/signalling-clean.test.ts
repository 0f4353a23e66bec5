import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { BLOCK, fenceBeginSignalling, fenceEndSignalling, objAt, program, resvLock } from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';

const fixed = policies['amdgpu-2020-sched-gfp-atomic'];
const only = ['SIGNALLING-CLEAN'] as const;

/** Deliberately broken: the completion path takes a reservation inside the signalling section. */
const locksInSection = definePolicy({
  ...fixed,
  name: 'test-resv-lock-in-signalling',
  programs: {
    ...fixed.programs,
    signal: program('signal', {
      begin: (k) => {
        fenceBeginSignalling(k);
      },
      lock: (k) => {
        if (resvLock(k, objAt(k.w, 0).resv) < 0) return BLOCK;
      },
      end: (k) => {
        fenceEndSignalling(k);
      },
    }),
  },
});

describe('SIGNALLING-CLEAN', () => {
  it('fires on a GFP_KERNEL allocation in the signalling path (amdgpu scheduler, 2020)', () => {
    const r = checkOps(policies['amdgpu-2020-sched-gfp-kernel'], [S.create(), S.execbuf(0, 0), S.signal('U0')], {
      only,
    });
    expect(r.violation?.code).toBe('SIGNALLING-CLEAN');
    expect(r.violation?.message).toMatch(/\[G\] allocates with GFP_KERNEL inside a fence signalling critical section/);
  });

  it('fires on a dma_resv_lock inside a signalling section', () => {
    const r = checkOps(locksInSection, [S.create(), S.execbuf(0, 0), S.signal('U0')], { only });
    expect(r.violation?.message).toMatch(
      /\[G\] takes dma_resv_lock\(resv#0\) inside a fence signalling critical section/,
    );
  });

  it('is silent with GFP_ATOMIC', () => {
    expect(checkOps(fixed, [S.create(), S.execbuf(0, 0), S.signal('U0')], { only }).violation).toBeNull();
  });

  test.prop([opsArb(optionsFor(fixed))])('is silent on the GFP_ATOMIC scheduler under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
