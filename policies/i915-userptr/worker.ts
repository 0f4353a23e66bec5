import {
  BLOCK,
  DIR,
  DONE,
  dmaMapSg,
  GPU,
  gupRange,
  mmapReadLock,
  mmapReadUnlock,
  mmuIntervalReadBegin,
  mmuIntervalReadRetry,
  NONE,
  type ObjectId,
  objAt,
  type PageId,
  type Program,
  program,
  setPages,
  sgAlloc,
  sgFree,
  unpinUserPages,
  WORK,
} from '../../model/index.ts';
import { lockStep, unlockStep } from '../i915-2015/ioctls.ts';
import type { I915Parts } from '../i915-2015/parts.ts';
import { nextBound } from '../i915-2015/vma.ts';

export interface WorkerOptions {
  /**
   * Publish only if the work item is still the object's (`obj->userptr.work == &work->work`):
   * an invalidation since resets it "to cancel any inflight work and force them to restart
   * their gup". Without it, pages gathered before an invalidation are published (KERNEL.md B11).
   */
  readonly tokenCheck: boolean;
  /**
   * Also validate against the interval sequence, the collision-retry pattern a `range_start`-only
   * notifier needs ("nothing preventing them to undo what was invalidated in their range_start()
   * callback after it returns but before any CPU page table update take place ... use some kind of
   * sequence number and active range invalidation counter", Glisse, merge ea25c4317946;
   * include/linux/mmu_notifier.h `mmu_interval_read_begin` / `mmu_interval_read_retry`): read the
   * sequence before the GUP, sleeping out an invalidation in progress, and publish only if no
   * invalidation set it since, checked under the lock the callback sets it under.
   */
  readonly intervalSeq?: boolean;
}

/**
 * The userptr workqueue (i915_gem_userptr.c, v4.x): `__i915_gem_userptr_get_pages_worker` gathers
 * the pages under mmap_lock with no driver lock held, then takes the driver lock to publish them;
 * `cancel_userptr` (the queued half of the 2015 notifier) unbinds and releases them. The driver
 * lock it publishes under is struct_mutex, as in v4.4 and the 4.8-era code; by v5.2 the worker
 * published under `obj->mm.lock` (not modelled).
 */
export function userptrWorker(parts: I915Parts, opts: WorkerOptions): Program {
  return program('worker', {
    dispatch: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.work === NONE) return DONE;
      f.seq = o.work;
      if (o.workKind === WORK.CANCEL) return 'cancel_lock';
    },
    /** With `intervalSeq`, `mmu_interval_read_begin` first (it sleeps while the range is being invalidated). */
    mmap_lock: (k, f) => {
      if (opts.intervalSeq === true) {
        const seq = mmuIntervalReadBegin(k, f.obj as ObjectId);
        if (seq === NONE) return BLOCK;
        f.i = seq;
      }
      if (mmapReadLock(k) < 0) return BLOCK;
    },
    /** get_user_pages_remote: pin the range's pages into the work item's private vector. */
    gup: (k, f) => {
      const o = objAt(k.w, f.obj);
      const pages = gupRange(k, f.obj as ObjectId);
      mmapReadUnlock(k);
      if (typeof pages === 'number') {
        if (o.work === f.seq) o.work = NONE;
        f.ret = pages;
        k.touch(o);
        return DONE;
      }
      o.workPages = pages;
      k.touch(o);
    },
    lock: lockStep(parts),
    /** Publish the pages (map them for the GPU) if the work is still current; else drop them. */
    publish: (k, f) => {
      const o = objAt(k.w, f.obj);
      const pages: PageId[] = o.workPages;
      o.workPages = [];
      k.touch(o);
      const current = o.work === f.seq;
      if (current) o.work = NONE;
      const retry = opts.intervalSeq === true && mmuIntervalReadRetry(k, o.id, f.i);
      if ((opts.tokenCheck && !current) || retry || o.sg !== NONE || !o.live) {
        unpinUserPages(k, pages);
        return;
      }
      const sg = sgAlloc(k, o.id, pages);
      if (dmaMapSg(k, sg, GPU, DIR.BIDIRECTIONAL) === 0) {
        sgFree(k, sg);
        unpinUserPages(k, pages);
        return;
      }
      setPages(k, o.id, sg);
    },
    unlock: (k, f) => {
      unlockStep(parts)(k, f);
      return DONE;
    },
    cancel_lock: lockStep(parts),
    cancel_unbind: (k, f) => {
      const next = nextBound(k, f.obj, f.vm);
      if (next === undefined) return 'cancel_put';
      f.vm = next[0] + 1;
      return k.call('vma_unbind', f.obj, next[0], 0);
    },
    cancel_again: () => 'cancel_unbind',
    cancel_put: (k, f) => {
      const o = objAt(k.w, f.obj);
      k.policy.putPages(k, o.id);
      if (o.work === f.seq) o.work = NONE;
      k.touch(o);
    },
    cancel_unlock: unlockStep(parts),
  });
}
