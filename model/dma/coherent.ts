import {
  type DeviceId,
  DIR,
  EV,
  type Iova,
  type Kernel,
  type MappingId,
  mappingAt,
  NONE,
  type ObjectId,
  objAt,
  pageAt,
  type SgId,
  sgAt,
  UNMAP,
} from '../core/index.ts';
import { allocContiguous, pagePut } from '../mm/index.ts';
import { recordMapping, unmapWarnings } from './api.ts';
import { debugAdd, debugRemove } from './debug.ts';
import { deviceAt } from './device.ts';
import { iovaAlloc, iovaFree } from './iommu.ts';
import { sgAlloc } from './scatterlist.ts';

/**
 * Coherent DMA allocations (Documentation/core-api/dma-api.rst, Part Ia "Using large DMA-coherent
 * buffers"): `dma_alloc_coherent` returns memory that CPU and device see alike without any sync,
 * "Consistent memory is memory for which a write by either the device or the processor can
 * immediately be read by the processor or device without having to worry about caching effects".
 * dma-direct allocates physically contiguous pages the device can reach (never bounced) and, on a
 * non-coherent device, remaps them uncached for the CPU; dma-iommu allocates an IOVA range for
 * them. kernel/dma/debug.c tracks one entry of type "coherent", direction BIDIRECTIONAL
 * (`debug_dma_alloc_coherent`), and `check_unmap` holds `dma_free_coherent` to it.
 *
 * The model makes one allocation for an object's pages and publishes its table as the object's
 * own. TTM's DMA page pool (ttm_page_alloc_dma.c `__ttm_dma_alloc_page`) allocates page by page
 * instead; that changes the number of debug entries and the IOVA layout, not any coherency rule.
 */

/**
 * `dma_alloc_coherent(dev, npages << PAGE_SHIFT, &handle, GFP_KERNEL)` for `obj`: the table of the
 * allocation (mapped, `kind: 'coherent'`), or NONE when the device's IOVA space is exhausted.
 * Kernel: `dma_alloc_attrs` (kernel/dma/mapping.c) and `debug_dma_alloc_coherent`
 * (kernel/dma/debug.c). Allocates contiguous pages (an allocation: `alloc`, SIGNALLING-CLEAN, and
 * lockdep's might-reclaim); records `dma_alloc_coherent`, or `dma_map_failed` when the IOVA space is
 * exhausted, and what `debugAdd` and `iovaAlloc` record.
 * @category DMA API
 */
export function dmaAllocCoherent(k: Kernel, obj: ObjectId, dev: DeviceId, npages: number): SgId | -1 {
  const w = k.w;
  const d = deviceAt(w, dev);
  const id = w.mappings.length as MappingId;
  let iova: Iova | -1 = NONE;
  if (d.iommu) {
    iova = iovaAlloc(k, dev, npages, id);
    if (iova === NONE) {
      k.emit(EV.dma_map_failed, obj, NONE, npages, dev);
      return NONE;
    }
  }
  const pages = allocContiguous(k, obj, npages);
  const sg = sgAlloc(k, obj, pages);
  const t = sgAt(w, sg);
  const m = recordMapping(w, {
    dev,
    sg,
    obj,
    iova,
    addrs: pages.map((p, i) => (iova === NONE ? p : iova + i)),
    segs: [npages],
    kind: 'coherent',
    att: NONE,
    bounce: null,
    nents: t.nents,
    dir: DIR.BIDIRECTIONAL,
    attrs: 0,
  });
  t.dma = id;
  for (const p of pages) {
    const page = pageAt(w, p);
    page.maps++;
    page.coherent = true;
  }
  const o = objAt(w, obj);
  o.liveMaps++;
  k.emit(EV.dma_alloc_coherent, obj, id, npages, dev);
  k.touch(o);
  debugAdd(k, m);
  return sg;
}

/**
 * `dma_free_coherent(dev, npages << PAGE_SHIFT, vaddr, handle)` of the allocation the table's DMA
 * fields hold. check_unmap classifies the call; a correct free releases the IOVA range, the debug
 * entry and the pages. A free of something `dma_alloc_coherent` did not return ("wrong function")
 * drops the mapping's IOVA and debug entry but leaves its pages to their owner: what the kernel
 * would then do to memory it never allocated (dma-direct frees the pages regardless) is undefined,
 * and the model does not guess. A wrong size is reported and the whole allocation is freed.
 * Kernel: `dma_free_attrs` (kernel/dma/mapping.c) and `debug_dma_free_coherent` (kernel/dma/debug.c).
 * Records `dma_free_coherent` with the `UNMAP.*` bits (MAP-BALANCED, MAP-ERR-CHECKED) and `page_free`
 * for each page given back (NO-LEAK, DMA-AFTER-FREE).
 * @category DMA API
 */
export function dmaFreeCoherent(k: Kernel, sg: SgId, dev: DeviceId, npages: number): number {
  const w = k.w;
  const t = sgAt(w, sg);
  const o = objAt(w, t.obj);
  const m = t.dma === NONE ? undefined : mappingAt(w, t.dma);
  if (m === undefined || !m.live || m.dev !== dev) {
    k.emit(EV.dma_free_coherent, o.id, m === undefined ? NONE : m.id, UNMAP.NOT_MAPPED, sg, dev);
    k.touch(o);
    return UNMAP.NOT_MAPPED;
  }
  // debug_dma_free_coherent: a "coherent" ref of the given size, direction BIDIRECTIONAL.
  const outcome = unmapWarnings(m, 'coherent', [npages], 0, DIR.BIDIRECTIONAL);
  m.live = false;
  if (m.iova !== NONE) iovaFree(k, m.dev, m.iova, m.npages, sgAt(w, m.sg).pages);
  debugRemove(k, m);
  if (t.att === NONE) o.liveMaps--;
  for (const p of t.pages) pageAt(w, p).maps--;
  k.emit(EV.dma_free_coherent, o.id, m.id, outcome, sg, dev);
  if (m.kind === 'coherent') {
    for (const p of t.pages) pageAt(w, p).coherent = false;
    for (const p of t.pages) pagePut(k, p);
  }
  k.touch(o);
  return outcome;
}
