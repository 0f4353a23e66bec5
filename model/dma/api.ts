import {
  type DeviceId,
  DIR,
  EV,
  type Iova,
  type Kernel,
  type Mapping,
  type MappingId,
  mappingAt,
  NONE,
  objAt,
  pageAt,
  type SgId,
  sgAt,
  UNMAP,
  type World,
} from '../core/index.ts';
import { cacheClean, cacheInvalidate } from './cache.ts';
import { debugAdd, debugRemove } from './debug.ts';
import { ATTR_SKIP_CPU_SYNC, deviceAt } from './device.ts';
import { iovaAlloc, iovaFree } from './iommu.ts';

/**
 * The streaming DMA API over sg tables (Documentation/core-api/dma-api.rst; KERNEL.md §2.1).
 * The primitives do what the kernel does, including the wrong thing when called wrongly, and
 * record what happened; deciding that it was wrong is the invariants' job.
 */

/** SWIOTLB slot addresses live above this (a device with a small DMA mask reaches only the pool). @category DMA API */
export const SWIOTLB_BASE = 1 << 24;

/**
 * Device data copies at map and unmap time: bounce copies and cache maintenance (dma-direct, swiotlb).
 * @category DMA API
 */
export function toDevice(dir: number): boolean {
  return dir === DIR.BIDIRECTIONAL || dir === DIR.TO_DEVICE;
}
/**
 * Device data copies at unmap and sync-for-CPU time: true for FROM_DEVICE and BIDIRECTIONAL (the
 * bounce copy back and `arch_sync_dma_for_cpu` happen then).
 * @category DMA API
 */
export function fromDevice(dir: number): boolean {
  return dir === DIR.BIDIRECTIONAL || dir === DIR.FROM_DEVICE;
}

/** What a map call decides; `recordMapping` derives the rest. @category DMA API */
export type MappingInit = Pick<
  Mapping,
  'dev' | 'sg' | 'obj' | 'iova' | 'addrs' | 'segs' | 'kind' | 'att' | 'bounce' | 'nents' | 'dir' | 'attrs'
>;

/**
 * Records a new live mapping as `w.mappings[w.mappings.length]`. Every map call (`dma_map_sg`,
 * `dma_map_page`, `dma_alloc_coherent`) makes its record here, so all records have one shape (the
 * step loop reads them) and the derived fields cannot drift: one page address per page, one DMA
 * segment per mapped entry, nothing written by the device yet.
 * @category DMA API
 */
export function recordMapping(w: World, init: MappingInit): Mapping {
  const m: Mapping = {
    id: w.mappings.length as MappingId,
    dev: init.dev,
    sg: init.sg,
    obj: init.obj,
    iova: init.iova,
    npages: init.addrs.length,
    addrs: init.addrs,
    segs: init.segs,
    kind: init.kind,
    att: init.att,
    bounce: init.bounce,
    nents: init.nents,
    mappedEnts: init.segs.length,
    dir: init.dir,
    attrs: init.attrs,
    // debug_dma_map_page sets MAP_ERR_NOT_CHECKED; debug_dma_map_sg and _alloc_coherent leave it 0.
    errChecked: init.kind !== 'single',
    live: true,
    devWrote: init.addrs.map(() => false),
    step: w.step,
  };
  w.mappings.push(m);
  return m;
}

/**
 * `dma_map_sg(dev, sg, nents, dir)`. On an IOMMU device, one IOVA range for the whole list, cut
 * into DMA segments of at most `max_segment_size` (dma-iommu merges entries, 809eac54cdd6); on
 * dma-direct, the physical entries as the exporter built them, through SWIOTLB slots when the device
 * cannot reach the memory (bounced from the CPU's view for TO_DEVICE/BIDIRECTIONAL), with the CPU
 * caches written back for a non-coherent device. Returns the mapped entry count, 0 on failure.
 * Mapping a table that already holds a live mapping is not refused: the kernel overwrites the DMA
 * fields and the old range leaks ("the sg cannot be mapped again", dma-api.rst; commit e2273302).
 * Kernel: `dma_map_sg_attrs` (kernel/dma/mapping.c), then dma-iommu or dma-direct, and
 * `debug_dma_map_sg` (kernel/dma/debug.c). Records `dma_map_sg` (MAP-SINGLE when the table was already
 * mapped, SEG-CONSTRAINTS), `dma_map_failed` on failure, and what `debugAdd` and `iovaAlloc` record;
 * state: a new `Mapping`, the table's `dma`, each page's `maps`, the object's `liveMaps`.
 * @category DMA API
 */
export function dmaMapSg(k: Kernel, sg: SgId, dev: DeviceId, dir: number, attrs = 0): number {
  const w = k.w;
  const t = sgAt(w, sg);
  const o = objAt(w, t.obj);
  const d = deviceAt(w, dev);
  const id = w.mappings.length as MappingId;
  const n = t.pages.length;
  let iova: Iova | -1 = NONE;
  let addrs: number[];
  let segs: number[];
  if (d.iommu) {
    iova = iovaAlloc(k, dev, n, id);
    if (iova === NONE) {
      k.emit(EV.dma_map_failed, o.id, sg, n, dev);
      return 0;
    }
    addrs = t.pages.map((_, i) => (iova as number) + i);
    segs = [];
    for (let left = n; left > 0; left -= d.maxSegPages) segs.push(Math.min(left, d.maxSegPages));
  } else {
    addrs = t.pages.map((p, i) => (d.bounce ? SWIOTLB_BASE + id * 64 + i : p));
    segs = [...t.segs];
  }
  const wasMapped = t.dma !== NONE && mappingAt(w, t.dma).live ? 1 : 0;
  const m = recordMapping(w, {
    dev,
    sg,
    obj: o.id,
    iova,
    addrs,
    segs,
    kind: 'sg',
    att: t.att,
    bounce: d.bounce ? t.pages.map(() => 0) : null,
    nents: t.nents,
    dir,
    attrs,
  });
  t.dma = id;
  t.pages.forEach((p, i) => {
    const page = pageAt(w, p);
    page.maps++;
    if (toDevice(dir) && (attrs & ATTR_SKIP_CPU_SYNC) === 0) {
      if (!d.coherent) cacheClean(page); // arch_sync_dma_for_device: write back what the CPU dirtied
      if (m.bounce !== null) m.bounce[i] = page.cache; // swiotlb_bounce to the slot
    }
  });
  k.emit(EV.dma_map_sg, o.id, id, o.liveMaps, wasMapped, dev);
  if (t.att === NONE) o.liveMaps++;
  k.touch(o);
  debugAdd(k, m, attrs);
  return m.mappedEnts;
}

/**
 * The warnings kernel/dma/debug.c `check_unmap` prints once it found the entry (`UNMAP.*` bits), for
 * an unmap or free by the function of type `type` passing `lens` (pages of each entry it names, as
 * `sg_dma_len` of the caller's table or the size argument), `nents` (`dma_unmap_sg` only, else 0) and
 * `dir`. In debug.c's order, each tested:
 *
 *   if (ref->size != entry->size) "different size";
 *   if (ref->type != entry->type) "wrong function";
 *   else if (coherent && phys_addr(ref) != phys_addr(entry)) "different CPU address"; (not modelled)
 *   if (ref->sg_call_ents && ref->type == dma_debug_sg && ref->sg_call_ents != entry->sg_call_ents)
 *     "different entry count";
 *   if (ref->direction != entry->direction) "different direction";
 *   if (entry->map_err_type == MAP_ERR_NOT_CHECKED) "failed to check map error";
 *
 * `debug_dma_unmap_sg` checks each of the first `mapped_ents` entries of the caller's table; the
 * model reports the union once.
 * @category DMA API
 */
export function unmapWarnings(
  m: Mapping,
  type: Mapping['kind'],
  lens: readonly number[],
  nents: number,
  dir: number,
): number {
  let out: number = UNMAP.OK;
  const n = type === 'sg' ? Math.min(lens.length, m.mappedEnts) : 1;
  for (let i = 0; i < n; i++) if (lens[i] !== m.segs[i]) out |= UNMAP.WRONG_SIZE;
  if (type !== m.kind) out |= UNMAP.WRONG_FUNCTION;
  if (type === 'sg' && nents !== 0 && nents !== (m.kind === 'sg' ? m.nents : 0)) out |= UNMAP.WRONG_NENTS;
  if (dir !== m.dir) out |= UNMAP.WRONG_DIR;
  if (!m.errChecked) out |= UNMAP.MAP_ERR_UNCHECKED;
  return out;
}

/**
 * `dma_unmap_sg(dev, sg, nents, dir)`: unmaps the mapping the table's DMA fields describe. Like
 * kernel/dma/debug.c `check_unmap`, it classifies the call; a table whose mapping is already gone
 * frees nothing (the real kernel would unmap whatever stale IOVA the fields still hold). A wrong
 * `nents` or direction, or a `dma_alloc_coherent` buffer ("wrong function"), is reported and the
 * unmap goes ahead with the caller's arguments (a coherent buffer's pages stay allocated). `lens`:
 * the `sg_dma_len` of each entry as the caller's table holds them at unmap (in pages); by default
 * as mapped, another value models a driver that edited them after mapping ("different size").
 * Kernel: `dma_unmap_sg_attrs` (kernel/dma/mapping.c) and `debug_dma_unmap_sg` (kernel/dma/debug.c).
 * Records `dma_unmap_sg` with the `UNMAP.*` bits (MAP-BALANCED reports them, MAP-ERR-CHECKED the
 * unchecked-error bit); state: the mapping goes dead, page `maps` and the object's `liveMaps` drop,
 * IOVA and debug entries are freed (`unmap`).
 * @category DMA API
 */
export function dmaUnmapSg(
  k: Kernel,
  sg: SgId,
  dev: DeviceId,
  nents: number,
  dir: number,
  attrs = 0,
  lens?: readonly number[],
): number {
  const w = k.w;
  const t = sgAt(w, sg);
  const o = objAt(w, t.obj);
  const m = t.dma === NONE ? undefined : mappingAt(w, t.dma);
  if (m === undefined || !m.live || m.dev !== dev) {
    k.emit(EV.dma_unmap_sg, o.id, m === undefined ? NONE : m.id, UNMAP.NOT_MAPPED, sg, dev);
    k.touch(o);
    return UNMAP.NOT_MAPPED;
  }
  const outcome = unmapWarnings(m, 'sg', lens ?? m.segs, nents, dir);
  unmap(k, m, dir, attrs);
  if (t.att === NONE) o.liveMaps--;
  k.emit(EV.dma_unmap_sg, o.id, m.id, outcome, sg, dev);
  k.touch(o);
  return outcome;
}

/**
 * The unmap itself: bounce back and invalidate for FROM_DEVICE/BIDIRECTIONAL, free IOVA and debug entries.
 * Shared by every unmap and free; records no event of its own (the caller does).
 * @category DMA API
 */
export function unmap(k: Kernel, m: Mapping, dir: number, attrs = 0): void {
  const w = k.w;
  const d = deviceAt(w, m.dev);
  m.live = false;
  sgAt(w, m.sg).pages.forEach((p, i) => {
    const page = pageAt(w, p);
    page.maps--;
    if (fromDevice(dir) && (attrs & ATTR_SKIP_CPU_SYNC) === 0) {
      if (m.bounce !== null) page.ver = m.bounce[i] as number;
      if (!d.coherent || m.bounce !== null) cacheInvalidate(page); // arch_sync_dma_for_cpu
    }
  });
  if (m.iova !== NONE) iovaFree(k, m.dev, m.iova, m.npages, sgAt(w, m.sg).pages);
  debugRemove(k, m);
}

/**
 * True when the table's DMA fields describe a live mapping (i915's `has_dma_mapping`, derived).
 * Records no event.
 * @category DMA API
 */
export function sgIsMapped(k: Kernel, sg: SgId): boolean {
  const t = sgAt(k.w, sg);
  return t.dma !== NONE && mappingAt(k.w, t.dma).live;
}
