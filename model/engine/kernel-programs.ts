import { BLOCK, GPU, objAt, type Program, program } from '../core/index.ts';
import { debugDriverUnbound } from '../dma/index.ts';
import {
  fsReclaimAcquire,
  fsReclaimRelease,
  invalidateBegin,
  invalidateFinish,
  invalidateZap,
  MMU_EVENT,
  mmapReadLock,
  mmapReadUnlock,
  mmapWriteLock,
  mmapWriteUnlock,
  notifierCall,
  notifierReturn,
  userRange,
} from '../mm/index.ts';

/**
 * Core-kernel programs: what the kernel itself runs around a driver's callbacks. Ops that start in
 * the core (reclaim, an MMU invalidation, a page fault) run these, and they call the policy's
 * program for the driver's part. Policies may call them too (`k.call('direct_reclaim', ...)`).
 */
function reclaim(name: string): Program {
  return program(name, {
    /** __perform_reclaim / balance_pgdat: reclaim runs holding the fs_reclaim pseudo-lock. */
    enter: (k) => {
      fsReclaimAcquire(k);
    },
    /** shrink_slab → the driver's shrinker `scan_objects`. */
    scan: (k, f) => k.call('shrink', f.obj, f.vm, f.arg),
    leave: (k) => {
      fsReclaimRelease(k);
    },
  });
}

/**
 * The core kernel's programs (kswapd and direct reclaim, MMU invalidation, driver release, page
 * fault): the engine runs one when the policy has no program of that name, and a step may `k.call` them.
 * @category Engine
 */
export const KERNEL_PROGRAMS: Readonly<Record<string, Program>> = {
  kswapd: reclaim('kswapd'),
  direct_reclaim: reclaim('direct_reclaim'),

  /**
   * An invalidation of a userptr object's range (mm/mmu_notifier.c): munmap takes mmap_lock for
   * write; the sequence goes odd; each overlapping interval's `invalidate` callback runs (the
   * policy's `mn_invalidate`, with the new sequence in `arg`) inside the notifier lockdep map; then
   * the core mm zaps the pages; then `invalidate_range_end` (the policy's optional
   * `mn_invalidate_end`, once per invalidation: amdgpu's notifier drops its lock there since
   * 1ed3d2567c80 "drm/amdgpu: keep the MMU lock until the update ends v4"); then the sequence goes
   * even (mmu_notifier_invalidate_range_end → mn_itree_inv_end).
   */
  mmu_invalidate: program('mmu_invalidate', {
    mmap_lock: (k, f) => {
      if (f.arg === MMU_EVENT.UNMAP && mmapWriteLock(k) < 0) return BLOCK;
    },
    start: (k, f) => {
      const [start, end] = userRange(objAt(k.w, f.obj));
      f.seq = invalidateBegin(k, start, end);
      f.i = 0;
    },
    /** The next live object whose interval overlaps the range gets its callback. */
    callback: (k, f) => {
      const objs = k.w.objects;
      const mm = k.w.mm;
      for (let i = f.i; i < objs.length; i++) {
        const o = objAt(k.w, i);
        const [start, end] = o.ustart < 0 ? [0, 0] : userRange(o);
        if (!o.live || o.ustart < 0 || end <= mm.invStart || start >= mm.invEnd) continue;
        f.i = i;
        notifierCall(k, o.id);
        return k.call('mn_invalidate', i, 0, f.seq);
      }
      return 'zap';
    },
    returned: (k, f) => {
      notifierReturn(k, objAt(k.w, f.i).id, f.ret >= 0);
      f.i++;
      return 'callback';
    },
    /** unmap_vmas / try_to_unmap: the CPU page table entries go, and the mm's page references. */
    zap: (k, f) => {
      invalidateZap(k, f.arg);
    },
    /** mmu_notifier_invalidate_range_end: the driver's `invalidate_range_end`, if it has one. */
    range_end: (k, f) => {
      if (k.policy.programs.mn_invalidate_end !== undefined) return k.call('mn_invalidate_end', f.obj, 0, f.seq);
    },
    end: (k, f) => {
      invalidateFinish(k);
      if (f.arg === MMU_EVENT.UNMAP) mmapWriteUnlock(k);
    },
  }),

  /**
   * Unbinding the GPU's driver from its device (drivers/base/dd.c `device_release_driver`): the
   * driver's remove callback (the policy's `driver_unbind`), then the bus notifier
   * BUS_NOTIFY_UNBOUND_DRIVER, where kernel/dma/debug.c `dma_debug_device_change` counts the
   * device's entries left. The model does not stop the driver's other ops afterwards.
   */
  driver_release: program('driver_release', {
    remove: (k, f) => k.call('driver_unbind', f.obj, f.vm, f.arg),
    notify: (k) => {
      debugDriverUnbound(k, GPU);
    },
  }),

  /** A CPU page fault on a GEM mmap: the fault handler runs with mmap_lock held for read. */
  page_fault: program('page_fault', {
    mmap_lock: (k) => {
      if (mmapReadLock(k) < 0) return BLOCK;
    },
    handler: (k, f) => k.call('fault', f.obj, f.vm, f.arg),
    unlock: (k) => {
      mmapReadUnlock(k);
    },
  }),
};
