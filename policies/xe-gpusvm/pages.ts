import {
  allocPages,
  DIR,
  dmaMapSg,
  dmaUnmapSg,
  E,
  GPU,
  type Kernel,
  MADV,
  NONE,
  type ObjectId,
  objAt,
  releasePages,
  setPages,
  sgAlloc,
  sgAt,
  sgFree,
} from '../../model/index.ts';

/**
 * get_pages in the shape of `drm_gpusvm_get_pages` (drivers/gpu/drm/drm_gpusvm.c): gather the
 * pages, DMA-map them, then finish the range (the notifier sequence check and the rest of the walk),
 * which can fail. "drm/gpusvm: Force unmapping on error in drm_gpusvm_get_pages" (556dba954739,
 * Fixes 99624bdff867): the error path skipped the unmap because the flag saying the pages were
 * mapped was set only on success. `unwind` is the fix.
 */
export function gpusvmGetPages(k: Kernel, obj: ObjectId, fail: boolean, unwind: boolean): number {
  const o = objAt(k.w, obj);
  if (o.sg !== NONE) return 0;
  if (o.madv !== MADV.WILLNEED) return E.FAULT;
  const sg = sgAlloc(k, obj, allocPages(k, obj, o.npages));
  if (dmaMapSg(k, sg, GPU, DIR.BIDIRECTIONAL) === 0) {
    releasePages(k, sg);
    sgFree(k, sg);
    return E.NOSPC;
  }
  if (fail) {
    if (unwind) dmaUnmapSg(k, sg, GPU, sgAt(k.w, sg).nents, DIR.BIDIRECTIONAL);
    releasePages(k, sg);
    sgFree(k, sg);
    return E.FAULT;
  }
  setPages(k, obj, sg);
  return 0;
}
