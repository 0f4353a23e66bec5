import { describe, expect, it } from 'vitest';
import { type ContextId, EV, EVENT_KINDS, Kernel, type Policy } from '../core/index.ts';
import { resvTrylock } from '../dma-buf/index.ts';
import { createWorld } from '../engine/index.ts';
import { objCreate } from '../gem/index.ts';
import { LOCK, lockAttempt, lockHeld, lockRelease, path, reaches } from './lockdep.ts';

const k = () => new Kernel(createWorld(), { name: 'none' } as Policy);

describe('lockdep', () => {
  it('starts with the dma_resv_lockdep() priming', () => {
    const { w } = k();
    expect(reaches(w.lockdep, LOCK['&mm->mmap_lock'], LOCK.dma_fence_map)).toBe(true);
    // Priming records a dependency from every lock held to each new one, as lockdep does.
    expect(path(w.lockdep, LOCK.reservation_ww_class_mutex, LOCK.dma_fence_map)).toEqual([
      LOCK.reservation_ww_class_mutex,
      LOCK.dma_fence_map,
    ]);
    expect(w.lockdep.deps.every((d) => d.where === 'dma_resv_lockdep() (boot)')).toBe(true);
    expect(reaches(w.lockdep, LOCK.fs_reclaim, LOCK.reservation_ww_class_mutex)).toBe(false);
  });

  it('records a cycle when reclaim blocks on a reservation, but not when it trylocks', () => {
    const kk = k();
    kk.ctx = 2 as ContextId;
    lockAttempt(kk, LOCK.fs_reclaim, -1, 0);
    lockHeld(kk, LOCK.fs_reclaim, -1, 0);
    const o = objCreate(kk, 'shmem');
    kk.ev.n = 0;
    expect(resvTrylock(kk, kk.w.objects[o]?.resv as never)).toBe(true);
    expect(kk.ev.snapshot().map((e) => EVENT_KINDS[e.kind])).toEqual(['lock_acquire']);
    lockRelease(kk, LOCK.reservation_ww_class_mutex, 0);
    lockAttempt(kk, LOCK.reservation_ww_class_mutex, 0, 0);
    expect(kk.ev.snapshot().some((e) => e.kind === EV.lock_cycle)).toBe(true);
  });
});
