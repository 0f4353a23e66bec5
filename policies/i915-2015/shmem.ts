import {
  allocPages,
  DIR,
  dmaMapSg,
  dmaUnmapSg,
  E,
  GPU,
  type Kernel,
  MADV,
  markPageAccessed,
  NONE,
  type ObjectId,
  objAt,
  releasePages,
  setPageDirty,
  setPages,
  sgAlloc,
  sgAt,
  sgFree,
  unsetPages,
} from '../../model/index.ts';

/**
 * shmem backing for the 2015 i915 (`i915_gem_object_get_pages_gtt` / `_put_pages_gtt`), with or
 * without the DMA map that commit e2273302 moved into them.
 */

/**
 * i915_gem_object_get_pages: a no-op when the pages are already there (the nesting guard e2273302
 * relies on), -EFAULT once the object was purged; else gather the pages and, with `map`, map them
 * (`i915_gem_gtt_prepare_object`), undoing everything if the map fails. `dir` is the direction of
 * the map (i915 and TTM map BIDIRECTIONAL; the corpus's one-direction buffers pass theirs).
 * @category Policies
 */
export function shmemGetPages(k: Kernel, obj: ObjectId, map: boolean, dir: number = DIR.BIDIRECTIONAL): number {
  const o = objAt(k.w, obj);
  if (o.sg !== NONE) return 0;
  if (o.madv !== MADV.WILLNEED) return E.FAULT;
  const pages = allocPages(k, obj, o.npages);
  const sg = sgAlloc(k, obj, pages);
  if (map && dmaMapSg(k, sg, GPU, dir) === 0) {
    sgFree(k, sg);
    releasePages(k, sg);
    return E.NOSPC;
  }
  setPages(k, obj, sg);
  return 0;
}

/**
 * i915_gem_object_put_pages: 0 when there are no pages, -EBUSY while they are pinned; else, in
 * `i915_gem_object_put_pages_gtt` order, unmap (with `unmap`, as e2273302 added), then
 * `set_page_dirty` if the GPU may have written, `mark_page_accessed` if still wanted, and release.
 * `dir` is the direction the pages were mapped with.
 * @category Policies
 */
export function shmemPutPages(k: Kernel, obj: ObjectId, unmap: boolean, dir: number = DIR.BIDIRECTIONAL): number {
  const o = objAt(k.w, obj);
  if (o.sg === NONE) return 0;
  if (o.pagesPin > 0) return E.BUSY;
  const sg = unsetPages(k, obj);
  if (sg === NONE) return 0;
  const t = sgAt(k.w, sg);
  if (unmap) dmaUnmapSg(k, sg, GPU, t.nents, dir);
  if (o.madv === MADV.DONTNEED) o.dirty = false;
  for (const p of t.pages) {
    if (o.dirty) setPageDirty(k, p);
    if (o.madv === MADV.WILLNEED) markPageAccessed(k, p);
  }
  o.dirty = false;
  releasePages(k, sg);
  sgFree(k, sg);
  return 0;
}

/** i915_gem_gtt_finish_object: `dma_unmap_sg` of the object's current table. @category Policies */
export function gttFinishObject(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  if (o.sg === NONE) return;
  dmaUnmapSg(k, o.sg, GPU, sgAt(k.w, o.sg).nents, DIR.BIDIRECTIONAL);
}

/**
 * i915_gem_gtt_prepare_object before e2273302: `has_dma_mapping` was only ever set for stolen and
 * dma-buf objects, so for shmem this maps the table again on every call.
 * @category Policies
 */
export function gttPrepareObject(k: Kernel, obj: ObjectId): number {
  const o = objAt(k.w, obj);
  if (o.sg === NONE) return E.INVAL;
  return dmaMapSg(k, o.sg, GPU, DIR.BIDIRECTIONAL) === 0 ? E.NOSPC : 0;
}
