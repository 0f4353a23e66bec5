import {
  BLOCK,
  DIR,
  dmaMapSg,
  E,
  GPU,
  gupRange,
  type Kernel,
  MADV,
  MUTEX,
  markPageAccessed,
  mmuIntervalReadBegin,
  mmuIntervalSetSeq,
  mutexLock,
  mutexUnlock,
  NONE,
  type ObjectId,
  objAt,
  type Program,
  program,
  resvWaitIdle,
  setPageDirty,
  setPages,
  sgAlloc,
  sgAt,
  sgFree,
  USAGE,
  unpinUserPages,
} from '../../model/index.ts';

/**
 * amdgpu userptr get_pages as of 2018 (amdgpu_ttm_tt_get_user_pages + amdgpu_ttm_tt_pin_userptr):
 * pin the user pages and map them. If the notifier hit the range since the pages were gathered
 * (amdgpu's invalidation counter, modelled by the interval sequence), the command submission
 * revalidates the BO with fresh pages; while another binding still pins the stale ones, the model
 * refuses the bind (-EAGAIN) instead of modelling TTM's eviction. amdgpu gathered the pages before
 * reserving the BOs (2f568dbd6b94 "move get_user_pages out of amdgpu_ttm_tt_pin_userptr v6"), so
 * the GUP adds no mmap_lock-under-reservation dependency here. The staleness check uses the
 * interval-notifier sequence (mmu_interval_read_begin/retry), which amdgpu adopted with HMM
 * (915d3eecfa23) in place of its own counter.
 */
export function amdgpuUserptrGetPages(k: Kernel, obj: ObjectId): number {
  const o = objAt(k.w, obj);
  if (o.sg !== NONE) {
    if (o.pagesSeq === o.useq) return 0;
    if (o.pagesPin > 0) return E.AGAIN;
    const r = k.policy.putPages(k, obj);
    if (r < 0) return r;
  }
  if (o.madv !== MADV.WILLNEED) return E.FAULT;
  // While an invalidation of the range is in progress, gathering would collect pages about to go:
  // mmu_interval_read_begin waits it out; here the CS restarts (-EAGAIN).
  const seq = mmuIntervalReadBegin(k, obj);
  if (seq === NONE) return E.AGAIN;
  const pages = gupRange(k, obj);
  if (typeof pages === 'number') return pages;
  const sg = sgAlloc(k, obj, pages);
  if (dmaMapSg(k, sg, GPU, DIR.BIDIRECTIONAL) === 0) {
    sgFree(k, sg);
    unpinUserPages(k, pages);
    return E.NOSPC;
  }
  setPages(k, obj, sg);
  o.pagesSeq = seq;
  return 0;
}

/**
 * The 2018 amdgpu MMU-notifier callback, `amdgpu_mn_invalidate_node` since commit 1b0c0f9dc5
 * (König, 2017-09): note the invalidation (amdgpu's counter; the interval sequence here), wait for
 * every fence of the BO's reservation without locking it (`reservation_object_wait_timeout_rcu`),
 * then `amdgpu_ttm_tt_mark_user_pages`: set_page_dirty and mark_page_accessed on each page. The
 * sg table, the IOMMU mapping and the GPU page tables stay: "The sg tables pointing to the now
 * released memory might live a bit longer, but that is unproblematic and actually intended"
 * (König, seed 001). KERNEL.md B03.
 */
export function amdgpuInvalidate(): Program {
  return program('mn_invalidate', {
    /** amdgpu_mn_read_lock + the invalidation count, under the lock the CS commit holds. */
    lock: (k) => {
      if (mutexLock(k, MUTEX.notifier_lock) < 0) return BLOCK;
    },
    note: (k, f) => {
      mmuIntervalSetSeq(k, f.obj as ObjectId, f.arg);
      mutexUnlock(k, MUTEX.notifier_lock);
    },
    wait_fences: (k, f) => {
      if (!resvWaitIdle(k, objAt(k.w, f.obj).resv, USAGE.BOOKKEEP)) return BLOCK;
    },
    mark_user_pages: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.sg === NONE) return;
      for (const p of sgAt(k.w, o.sg).pages) {
        setPageDirty(k, p);
        markPageAccessed(k, p);
      }
    },
  });
}
