import {
  type DeviceId,
  EV,
  type Iova,
  type Kernel,
  type MappingId,
  mappingAt,
  NONE,
  type ObjectId,
  objAt,
  type PageId,
  pageAt,
  UNMAP,
} from '../core/index.ts';
import { recordMapping, toDevice, unmap, unmapWarnings } from './api.ts';
import { cacheClean } from './cache.ts';
import { debugAdd } from './debug.ts';
import { ATTR_SKIP_CPU_SYNC, deviceAt } from './device.ts';
import { iovaAlloc } from './iommu.ts';
import { sgAlloc } from './scatterlist.ts';

/**
 * `dma_map_page` / `dma_unmap_page`: one page at a time, as drivers that gather pages one by one do
 * (drm_gpusvm, HMM users). The model keeps a one-page table per mapping for its own bookkeeping.
 * Unlike sg mappings of the object's own table, these are not counted by MAP-SINGLE. The entry starts
 * unchecked: the caller must test the address with `dmaMappingError` before unmapping it (MAP-ERR-CHECKED).
 * Kernel: `dma_map_page_attrs` (kernel/dma/mapping.c) and `debug_dma_map_page` (kernel/dma/debug.c).
 * Records `dma_map_sg` for the one-page table (SEG-CONSTRAINTS), `dma_map_failed` on failure, and what
 * `debugAdd` and `iovaAlloc` record. Returns the mapping, or NONE.
 * @category DMA API
 */
export function dmaMapPage(
  k: Kernel,
  obj: ObjectId,
  page: PageId,
  dev: DeviceId,
  dir: number,
  attrs = 0,
): MappingId | -1 {
  const w = k.w;
  const d = deviceAt(w, dev);
  const id = w.mappings.length as MappingId;
  let iova: Iova | -1 = NONE;
  if (d.iommu) {
    iova = iovaAlloc(k, dev, 1, id);
    if (iova === NONE) {
      k.emit(EV.dma_map_failed, obj, NONE, 1, dev);
      return NONE;
    }
  }
  const sg = sgAlloc(k, obj, [page]);
  const m = recordMapping(w, {
    dev,
    sg,
    obj,
    iova,
    addrs: [iova !== NONE ? iova : page],
    segs: [1],
    kind: 'single',
    att: NONE,
    bounce: null,
    nents: 1,
    dir,
    attrs,
  });
  const p = pageAt(w, page);
  p.maps++;
  if (toDevice(dir) && !d.coherent && (attrs & ATTR_SKIP_CPU_SYNC) === 0) cacheClean(p); // arch_sync_dma_for_device
  k.emit(EV.dma_map_sg, obj, id, 0, 0, dev);
  k.touch(objAt(w, obj));
  debugAdd(k, m, attrs);
  return id;
}

/**
 * `dma_mapping_error(dev, addr)` on what `dma_map_page` returned (`mapping`, NONE for the error
 * cookie): true for the cookie. Otherwise debug.c `debug_dma_mapping_error` marks the live entry of
 * that device and address checked, so its unmap does not report "failed to check map error".
 * Kernel: `dma_mapping_error` (include/linux/dma-mapping.h) and `debug_dma_mapping_error`
 * (kernel/dma/debug.c). Records no event; state: the mapping's `errChecked`, which MAP-ERR-CHECKED
 * reads at unmap.
 * @category DMA API
 */
export function dmaMappingError(k: Kernel, mapping: MappingId | -1, dev: DeviceId): boolean {
  if (mapping === NONE) return true;
  const m = mappingAt(k.w, mapping);
  // Marked whatever the debug table's state: the invariants hold the API's rules, as MAP-BALANCED does.
  if (m.live && m.dev === dev) m.errChecked = true;
  return false;
}

/**
 * `dma_unmap_page(dev, addr, npages << PAGE_SHIFT, dir)` of a mapping `dma_map_page` returned
 * (debug.c `check_unmap` classifies it: the size against the entry's, the type, the direction, and
 * whether `dma_mapping_error` was called on the address).
 * Kernel: `dma_unmap_page_attrs` (kernel/dma/mapping.c). Records `dma_unmap_sg` with the `UNMAP.*`
 * bits (MAP-BALANCED, MAP-ERR-CHECKED).
 * @category DMA API
 */
export function dmaUnmapPage(k: Kernel, mapping: MappingId, dev: DeviceId, dir: number, npages = 1): number {
  const m = mappingAt(k.w, mapping);
  const o = objAt(k.w, m.obj);
  if (!m.live || m.dev !== dev) {
    k.emit(EV.dma_unmap_sg, o.id, m.id, UNMAP.NOT_MAPPED, m.sg, dev);
    return UNMAP.NOT_MAPPED;
  }
  const outcome = unmapWarnings(m, 'single', [npages], 0, dir);
  unmap(k, m, dir);
  k.emit(EV.dma_unmap_sg, o.id, m.id, outcome, m.sg, dev);
  k.touch(o);
  return outcome;
}
