import { mappingAt, objAt, pageAt, sgAt } from './access.ts';
import { debugAdd, debugRemove } from './dma-debug.ts';
import { EV, UNMAP } from './events.ts';
import { type DeviceId, type MappingId, NONE, type SgId } from './ids.ts';
import { iovaAlloc, iovaFree } from './iommu.ts';
import type { Kernel } from './kernel.ts';

/**
 * The streaming DMA API over sg tables (Documentation/core-api/dma-api.rst; KERNEL.md §2.1).
 * The primitives do what the kernel does, including the wrong thing when called wrongly, and
 * record what happened; deciding that it was wrong is the invariants' job.
 */

/**
 * `dma_map_sg(dev, sg, nents, dir)`: allocates one IOVA range for the whole list (dma-iommu merges
 * the segments, 809eac54cdd6, so it returns 1 mapped entry), writes the DMA fields of the table and
 * adds debug entries. Returns the mapped entry count, 0 on failure. Mapping a table that already
 * holds a live mapping is not refused: the kernel silently overwrites the DMA fields and the old
 * range leaks ("the sg cannot be mapped again", dma-api.rst; commit e2273302).
 */
export function dmaMapSg(k: Kernel, sg: SgId, dev: DeviceId, dir: number): number {
  const w = k.w;
  const t = sgAt(w, sg);
  const o = objAt(w, t.obj);
  const id = w.mappings.length as MappingId;
  const iova = iovaAlloc(k, dev, t.pages.length, id);
  if (iova === NONE) {
    k.emit(EV.dma_map_failed, o.id, sg, t.pages.length, 0);
    return 0;
  }
  const wasMapped = t.dma !== NONE && mappingAt(w, t.dma).live ? 1 : 0;
  const mappedEnts = 1;
  w.mappings.push({
    id,
    dev,
    sg,
    obj: o.id,
    iova,
    npages: t.pages.length,
    nents: t.nents,
    mappedEnts,
    dir,
    live: true,
    step: w.step,
  });
  t.dma = id;
  for (const p of t.pages) pageAt(w, p).maps++;
  k.emit(EV.dma_map_sg, o.id, id, o.liveMaps, wasMapped);
  o.liveMaps++;
  k.touch(o);
  debugAdd(k, mappedEnts);
  return mappedEnts;
}

/**
 * `dma_unmap_sg(dev, sg, nents, dir)`: unmaps the mapping the table's DMA fields describe. Like
 * kernel/dma/debug.c `check_unmap`, it classifies the call; a table whose mapping is already gone
 * frees nothing (the real kernel would unmap whatever stale IOVA the fields still hold). A wrong
 * `nents` or direction is reported and the unmap goes ahead with the caller's arguments.
 */
export function dmaUnmapSg(k: Kernel, sg: SgId, dev: DeviceId, nents: number, dir: number): number {
  const w = k.w;
  const t = sgAt(w, sg);
  const o = objAt(w, t.obj);
  const m = t.dma === NONE ? undefined : mappingAt(w, t.dma);
  if (m === undefined || !m.live || m.dev !== dev) {
    k.emit(EV.dma_unmap_sg, o.id, m === undefined ? NONE : m.id, UNMAP.NOT_MAPPED, sg);
    k.touch(o);
    return UNMAP.NOT_MAPPED;
  }
  const outcome = nents !== m.nents ? UNMAP.WRONG_NENTS : dir !== m.dir ? UNMAP.WRONG_DIR : UNMAP.OK;
  m.live = false;
  for (const p of sgAt(w, m.sg).pages) pageAt(w, p).maps--;
  iovaFree(k, dev, m.iova, m.npages);
  o.liveMaps--;
  debugRemove(k, m.mappedEnts);
  k.emit(EV.dma_unmap_sg, o.id, m.id, outcome, sg);
  k.touch(o);
  return outcome;
}

/** True when the table's DMA fields describe a live mapping (i915's `has_dma_mapping`, derived). */
export function sgIsMapped(k: Kernel, sg: SgId): boolean {
  const t = sgAt(k.w, sg);
  return t.dma !== NONE && mappingAt(k.w, t.dma).live;
}
