import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { BLOCK, MUTEX, mutexLock, program } from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';

const only = ['LOCK-ORDER'] as const;

/** Deliberately broken: takes struct_mutex twice. */
const recursive = definePolicy({
  ...policies['i915-2015-e2273302'],
  name: 'test-recursive-struct-mutex',
  programs: {
    ...policies['i915-2015-e2273302'].programs,
    madvise: program('madvise', {
      a: (k) => {
        if (mutexLock(k, MUTEX.struct_mutex) < 0) return BLOCK;
      },
      b: (k) => {
        if (mutexLock(k, MUTEX.struct_mutex) < 0) return BLOCK;
      },
    }),
  },
});

describe('LOCK-ORDER', () => {
  it('prints the chain when two paths take two locks in opposite orders (51311d0a)', () => {
    const r = checkOps(
      policies['i915-2010-before-51311d0a'],
      [S.create(), S.execbuf(0, 0), S.fault(0, { ctx: 'U1' })],
      {
        only,
      },
    );
    expect(r.violation?.code).toBe('LOCK-ORDER');
    expect(r.violation?.message).toMatchInlineSnapshot(`
      "WARNING: possible circular locking dependency detected
      [U1] is trying to acquire lock:
       (&dev->struct_mutex), at: fault:lock
      but task is already holding lock:
       (&mm->mmap_lock), at: page_fault:mmap_lock (step 13)
      which lock already depends on the new lock.
      the existing dependency chain (in reverse order) is:
      -> #1 (&mm->mmap_lock):
             taken holding (&dev->struct_mutex): [U0] execbuf:copy_relocs (step 3)
      -> #0 (&dev->struct_mutex):
             taken holding (&mm->mmap_lock): [U1] fault:lock (step 15)
       Possible unsafe locking scenario:
             CPU0                    CPU1
             ----                    ----
        lock(&mm->mmap_lock);
                                     lock(&dev->struct_mutex);
                                     lock(&mm->mmap_lock);
        lock(&dev->struct_mutex);
       *** DEADLOCK ***"
    `);
  });

  it('catches with one path what the boot-time priming already forbids (nouveau pushbuf)', () => {
    const r = checkOps(policies['nouveau-2019-pushbuf-fault-under-resv'], [S.create(), S.execbuf(0, 0)], { only });
    expect(r.violation?.message).toMatch(
      /-> #1 \(reservation_ww_class_mutex\):\n\s+taken holding \(&mm->mmap_lock\): dma_resv_lockdep\(\) \(boot\)/,
    );
  });

  it('reports recursive locking', () => {
    const r = checkOps(recursive, [S.create(), S.madvise(0, false)], { only, maxSteps: 50 });
    expect(r.violation?.message).toMatch(/^WARNING: possible recursive locking detected/);
  });

  for (const name of [
    'nouveau-2019-pushbuf-slowpath',
    'i915-2021-shrinker-trylock',
    'i915-2019-userptr-484d9a8',
  ] as const) {
    const p = policies[name];
    test.prop([opsArb(optionsFor(p))])(`is silent on ${name} under any interleaving`, (ops) => {
      expect(checkOps(p, ops, { only }).violation).toBeNull();
    });
  }
});
