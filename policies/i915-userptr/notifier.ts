import {
  BLOCK,
  MUTEX,
  mmuIntervalSetSeq,
  mutexLock,
  mutexUnlock,
  NONE,
  type ObjectId,
  objAt,
  type Program,
  program,
  WORK,
} from '../../model/index.ts';
import { nextBound } from '../i915-2015/vma.ts';

/**
 * The i915 MMU-notifier callback after commit 484d9a844d0d "drm/i915/userptr: Avoid
 * struct_mutex recursion for mmu_invalidate_range_start" (Jan 2019): inside the callback, take
 * struct_mutex (mutex_lock_killable_nested(..., I915_MM_SHRINKER), a separate lockdep subclass),
 * cancel an in-flight worker, unbind every VMA (waiting for the GPU) and put the pages: unmap,
 * then dirty, then unpin. When it returns, nothing of the device reaches the old pages. It is an
 * `invalidate_range_start` callback only: a worker that gathers the range after it returned but
 * before the core mm zapped the CPU page table publishes the pages about to go (SEQ-PUBLISH);
 * `intervalSeq` adds the sequence the worker then checks.
 */
export function syncInvalidate(opts: { readonly intervalSeq?: boolean } = {}): Program {
  return program('mn_invalidate', {
    /** With `intervalSeq`, `mmu_interval_set_seq` once the lock the worker checks it under is held. */
    lock: (k, f) => {
      if (mutexLock(k, MUTEX.struct_mutex, '&dev->struct_mutex/1') < 0) return BLOCK;
      if (opts.intervalSeq === true) mmuIntervalSetSeq(k, f.obj as ObjectId, f.arg);
    },
    cancel_worker: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.work !== NONE && o.workKind === WORK.GET_PAGES) o.work = NONE;
      k.touch(o);
    },
    unbind: (k, f) => {
      const next = nextBound(k, f.obj, f.vm);
      if (next === undefined) return 'put_pages';
      f.vm = next[0] + 1;
      return k.call('vma_unbind', f.obj, next[0], 0);
    },
    again: () => 'unbind',
    put_pages: (k, f) => {
      k.policy.putPages(k, f.obj as ObjectId);
    },
    unlock: (k) => {
      mutexUnlock(k, MUTEX.struct_mutex);
    },
  });
}

/**
 * The i915 MMU-notifier callback of commit 380996aab50e "drm/i915: Use a task to cancel the
 * userptr on invalidate_range" (Oct 2015): queue `cancel_userptr` and return at once; "there is a
 * small but definite period in time in which the old PTE's page remain accessible via the GPU"
 * (KERNEL.md B20). An in-flight worker is cancelled.
 */
export function queuedInvalidate(): Program {
  return program('mn_invalidate', {
    queue_cancel: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.sg !== NONE || o.bindCount > 0) {
        o.work = k.w.step;
        o.workKind = WORK.CANCEL;
      } else if (o.work !== NONE && o.workKind === WORK.GET_PAGES) {
        o.work = NONE;
      }
      k.touch(o);
    },
  });
}
