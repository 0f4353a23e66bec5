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
  mmuIntervalSetSeq,
  mutexHeldByMe,
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
 * pin the user pages and map them, and remember amdgpu's per-BO invalidation counter
 * (`gtt->mmu_invalidations`, which the notifier callback bumps; `amdgpu_ttm_tt_set_user_pages`
 * stores it as `last_set_pages`). Unlike mmu_interval_read_begin (amdgpu only got the interval
 * sequence in 2019, "drm/amdgpu: Use mmu_interval_notifier instead of hmm_mirror"), the counter does
 * not say an invalidation is in progress: pages gathered after the callback ran and before the core
 * mm zapped the range carry the new count and pass every later check. GUP takes mmap_lock for read
 * (amdgpu_ttm_tt_get_user_pages: down_read(&mm->mmap_sem)), so it cannot run inside a munmap,
 * which holds it for write: here the CS restarts (-EAGAIN) instead of sleeping. If the counter moved
 * since the pages were gathered, the command submission gathers fresh pages
 * (amdgpu_cs_parser_bos); while a binding still pins the stale ones, the model refuses the bind
 * (-EAGAIN) instead of modelling TTM's eviction. amdgpu gathered the pages before reserving the BOs
 * (2f568dbd6b94 "move get_user_pages out of amdgpu_ttm_tt_pin_userptr v6"), so the GUP adds no
 * mmap_lock-under-reservation dependency here.
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
  if (k.w.mm.mmapWriter !== NONE) return E.AGAIN;
  const count = o.useq;
  const pages = gupRange(k, obj);
  if (typeof pages === 'number') return pages;
  const sg = sgAlloc(k, obj, pages);
  if (dmaMapSg(k, sg, GPU, DIR.BIDIRECTIONAL) === 0) {
    sgFree(k, sg);
    unpinUserPages(k, pages);
    return E.NOSPC;
  }
  setPages(k, obj, sg);
  o.pagesSeq = count;
  return 0;
}

/**
 * When the notifier's lock is released: when the callback returns (`'callback'`, before
 * 1ed3d2567c80), or at invalidate_range_end, once the core mm has updated the CPU page tables
 * (`'range-end'`, 1ed3d2567c80 "drm/amdgpu: keep the MMU lock until the update ends v4").
 */
export type AmdgpuMnUnlock = 'callback' | 'range-end';

/**
 * The 2018 amdgpu MMU-notifier callback, `amdgpu_mn_invalidate_range_start_gfx` →
 * `amdgpu_mn_invalidate_node` (1b0c0f9dc5, König, 2017-09): take the read side of the notifier lock
 * (`amdgpu_mn_read_lock`; the CS takes the write side, one mutex here), bump the BO's invalidation
 * counter (`amdgpu_ttm_tt_affect_userptr`; the interval sequence here), wait for every fence of the
 * BO's reservation without locking it (`reservation_object_wait_timeout_rcu`), then
 * `amdgpu_ttm_tt_mark_user_pages`: set_page_dirty and mark_page_accessed on each page. The sg
 * table, the IOMMU mapping and the GPU page tables stay: "The sg tables pointing to the now released
 * memory might live a bit longer, but that is unproblematic and actually intended" (König, seed
 * 001). KERNEL.md B03. `unlock` says when the lock goes (see AmdgpuMnUnlock); with `'range-end'`
 * the lock is taken once per invalidation ("v3: take the read side only once") and
 * `amdgpuInvalidateEnd` drops it.
 */
export function amdgpuInvalidate(unlock: AmdgpuMnUnlock): Program {
  return program('mn_invalidate', {
    lock: (k) => {
      if (unlock === 'range-end' && mutexHeldByMe(k, MUTEX.notifier_lock)) return;
      if (mutexLock(k, MUTEX.notifier_lock) < 0) return BLOCK;
    },
    note: (k, f) => {
      mmuIntervalSetSeq(k, f.obj as ObjectId, f.arg);
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
    unlock: (k) => {
      if (unlock === 'callback') mutexUnlock(k, MUTEX.notifier_lock);
    },
  });
}

/** `amdgpu_mn_invalidate_range_end` (1ed3d2567c80): `amdgpu_mn_read_unlock`. */
export function amdgpuInvalidateEnd(): Program {
  return program('mn_invalidate_end', {
    unlock: (k) => {
      if (mutexHeldByMe(k, MUTEX.notifier_lock)) mutexUnlock(k, MUTEX.notifier_lock);
    },
  });
}
