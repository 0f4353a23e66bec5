import {
  DIR,
  dmaUnmapSg,
  E,
  GPU,
  type Kernel,
  MADV,
  markPageAccessed,
  NONE,
  type ObjectId,
  objAt,
  type PageId,
  setPageDirty,
  sgAt,
  sgFree,
  unpinUserPages,
  unsetPages,
  WORK,
} from '../../model/index.ts';

/**
 * i915 userptr get_pages (i915_gem_userptr.c, v4.x): when the pages are not there, queue the
 * worker (`__i915_gem_userptr_get_pages_schedule`) and return -EAGAIN: userspace retries once the
 * worker has gathered and published them. Simplified: it always defers to the worker; v5.2 first
 * tries `__get_user_pages_fast` and takes the worker only when that falls short (not modelled).
 */
export function userptrGetPages(k: Kernel, obj: ObjectId): number {
  const o = objAt(k.w, obj);
  if (o.sg !== NONE) return 0;
  if (o.madv !== MADV.WILLNEED) return E.FAULT;
  if (o.work === NONE) {
    o.work = k.w.step;
    o.workKind = WORK.GET_PAGES;
    k.touch(o);
  }
  return E.AGAIN;
}

function dirtyAndAccess(k: Kernel, obj: ObjectId, pages: readonly PageId[]): void {
  const o = objAt(k.w, obj);
  for (const p of pages) {
    if (o.dirty) setPageDirty(k, p);
    markPageAccessed(k, p);
  }
  o.dirty = false;
}

/**
 * i915 userptr put_pages (`i915_gem_userptr_put_pages`): unmap the sg table, then
 * `set_page_dirty` / `mark_page_accessed` each page, then drop the GUP pins. `dirtyFirst` swaps
 * the first two, which Vetter's rule in seed 001 forbids (KERNEL.md B04, dirty-before-teardown).
 */
export function userptrPutPages(k: Kernel, obj: ObjectId, dirtyFirst = false): number {
  const o = objAt(k.w, obj);
  if (o.sg === NONE) return 0;
  if (o.pagesPin > 0) return E.BUSY;
  const sg = unsetPages(k, obj);
  if (sg === NONE) return 0;
  const t = sgAt(k.w, sg);
  if (dirtyFirst) dirtyAndAccess(k, obj, t.pages);
  dmaUnmapSg(k, sg, GPU, t.nents, DIR.BIDIRECTIONAL);
  if (!dirtyFirst) dirtyAndAccess(k, obj, t.pages);
  unpinUserPages(k, t.pages);
  sgFree(k, sg);
  return 0;
}
