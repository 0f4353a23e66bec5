import {
  DIR,
  dmaMapSg,
  dmaUnmapSg,
  E,
  GPU,
  type Kernel,
  MADV,
  mmuIntervalReadBegin,
  NONE,
  type ObjectId,
  objAt,
  type PageId,
  SLOT_UNMAPPED,
  setPages,
  sgAlloc,
  sgAt,
  sgFree,
  touchRange,
  unsetPages,
  userRange,
} from '../../model/index.ts';

/**
 * `hmm_range_fault` over the object's range: fault in what is not mapped and return the pages the
 * CPU page table maps, taking no reference (drm_gpusvm neither pins nor owns them: the mmu
 * notifier is what keeps them from going while mapped). -EFAULT when part of the range is unmapped.
 */
function hmmRangeFault(k: Kernel, obj: ObjectId): PageId[] | number {
  const w = k.w;
  const [start, end] = userRange(objAt(w, obj));
  for (let s = start; s < end; s++) if (w.mm.slots[s] === SLOT_UNMAPPED) return E.FAULT;
  touchRange(k, obj);
  return w.mm.slots.slice(start, end) as PageId[];
}

/**
 * get_pages in the shape of `drm_gpusvm_get_pages` (drivers/gpu/drm/drm_gpusvm.c, torvalds/linux
 * @0542972950ef): `mmu_interval_read_begin` and `hmm_range_fault` (a range being invalidated makes
 * the caller retry: -EAGAIN here), then, under the notifier lock, `mmu_interval_read_retry` (always
 * false here: the step is atomic) and the per-page loop of `dma_map_page` (one sg mapping here). A
 * page whose map fails (the fault injection `fail`: pages 0..k-1 mapped, page k fails, k = npages - 1) jumps to
 * `err_unmap`, which unmapped only if `range->flags.has_dma_mapping` was set, and before
 * 556dba954739 "drm/gpusvm: Force unmapping on error in drm_gpusvm_get_pages" (Fixes 99624bdff867)
 * it was set only on success: the `num_dma_mapped` mappings leaked. `unwind` is the fix, which
 * sets the flag there so `__drm_gpusvm_unmap_pages(..., num_dma_mapped)` runs. No page is released
 * on either path (there is no reference to drop).
 */
export function gpusvmGetPages(k: Kernel, obj: ObjectId, fail: boolean, unwind: boolean): number {
  const o = objAt(k.w, obj);
  if (o.sg !== NONE) return 0;
  if (o.madv !== MADV.WILLNEED) return E.FAULT;
  const seq = mmuIntervalReadBegin(k, obj);
  if (seq === NONE) return E.AGAIN;
  const pages = hmmRangeFault(k, obj);
  if (typeof pages === 'number') return pages;
  if (fail) {
    // Pages 0..k-1 mapped (one table over them stands for the k dma_map_page calls), page k fails.
    const mapped = sgAlloc(k, obj, pages.slice(0, pages.length - 1));
    const nents = sgAt(k.w, mapped).nents;
    if (nents > 0 && dmaMapSg(k, mapped, GPU, DIR.BIDIRECTIONAL) === 0) {
      sgFree(k, mapped);
      return E.NOSPC;
    }
    // err_unmap: the fix unmaps the num_dma_mapped pages; before it nothing did. The pfn array
    // (here the table) is freed either way.
    if (unwind && nents > 0) dmaUnmapSg(k, mapped, GPU, nents, DIR.BIDIRECTIONAL);
    sgFree(k, mapped);
    return E.FAULT;
  }
  const sg = sgAlloc(k, obj, pages);
  if (dmaMapSg(k, sg, GPU, DIR.BIDIRECTIONAL) === 0) {
    sgFree(k, sg);
    return E.NOSPC;
  }
  setPages(k, obj, sg);
  o.pagesSeq = seq;
  return 0;
}

/**
 * put_pages of a drm_gpusvm range (`drm_gpusvm_range_unmap_pages` → `__drm_gpusvm_unmap_pages`):
 * unmap the DMA mappings and forget them. Nothing is dirtied or released: the pages belong to the
 * process's address space.
 */
export function gpusvmPutPages(k: Kernel, obj: ObjectId): number {
  const o = objAt(k.w, obj);
  if (o.sg === NONE) return 0;
  if (o.pagesPin > 0) return E.BUSY;
  const sg = unsetPages(k, obj);
  if (sg === NONE) return 0;
  dmaUnmapSg(k, sg, GPU, sgAt(k.w, sg).nents, DIR.BIDIRECTIONAL);
  sgFree(k, sg);
  return 0;
}
