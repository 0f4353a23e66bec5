import {
  type DeviceId,
  DIR,
  EV,
  type Kernel,
  type MappingId,
  mappingAt,
  NONE,
  objAt,
  type PageId,
  pageAt,
  type SgId,
  sgAt,
} from '../core/index.ts';
import { fromDevice, toDevice } from './api.ts';
import { cacheClean, cacheInvalidate } from './cache.ts';
import { deviceAt } from './device.ts';

/**
 * Ownership transfer of streaming mappings and what CPU and device see (dma-api.rst "DMA-API
 * streaming ... sync" and its warning box; dma-api-howto.rst; kernel/dma/debug.c `check_sync`).
 * Data is versioned: RAM (`page.ver`), what the CPU sees (`page.cache`), each bounce slot. A
 * coherent device sees and updates the CPU's view; a non-coherent one reads and writes RAM; a
 * bounced one reads and writes its SWIOTLB slot, copied at map/unmap and at the syncs. A page of a
 * `dma_alloc_coherent` buffer (`page.coherent`) is seen alike by both sides (dma-coherent.ts).
 */

/**
 * What kernel/dma/debug.c `check_sync` prints for one sync call, as bits: one call can draw several
 * warnings (a wrong direction on a TO_DEVICE mapping synced for the CPU prints `different direction`
 * and then `device read-only DMA memory for cpu`). `NOT_MAPPED` comes alone. `NENTS_RULE` is not a
 * debug.c message: dma-api.rst's rule that sg syncs pass the nents given to `dma_map_sg`, which
 * debug.c tests only after its BIDIRECTIONAL return, so only this bit reports it on a
 * BIDIRECTIONAL mapping.
 * @category DMA API
 */
export const SYNC = {
  OK: 0,
  /**
   * "device driver tries to sync DMA memory it has not allocated": no entry of the device contains
   * the whole synced range (`bucket_find_contain`), so also a range sync past its DMA segment.
   * debug.c's "syncs DMA memory outside allocated range" (`ref->size > entry->size`) cannot fire
   * after that lookup, and the model has no outcome for it.
   */
  NOT_MAPPED: 1,
  /** "device driver syncs DMA memory with different direction" (mapping not BIDIRECTIONAL). */
  WRONG_DIR: 2,
  /** "device driver syncs device read-only DMA memory for cpu". */
  READ_ONLY_FOR_CPU: 4,
  /** "device driver syncs device write-only DMA memory to device". */
  WRITE_ONLY_TO_DEVICE: 8,
  /** "device driver syncs DMA sg list with different entry count" (mapping not BIDIRECTIONAL). */
  WRONG_NENTS: 16,
  /** An sg sync of a BIDIRECTIONAL mapping with other nents than mapped: dma-api.rst only. */
  NENTS_RULE: 32,
} as const;

/**
 * The `c` field of a `dma_sync` event: bit 0 for the CPU, bit 1 a range sync of part of a segment,
 * bit 2 a range sync of a live mapping of the device that runs past its DMA segment.
 * @category DMA API
 */
export const SYNC_FOR_CPU = 1;
/** @category DMA API */
export const SYNC_RANGE = 2;
/** @category DMA API */
export const SYNC_PAST_SEGMENT = 4;

/**
 * The warnings kernel/dma/debug.c `check_sync` prints once it found the entry (`SYNC.*` bits), for a
 * mapping made with `mapDir` synced with `dir`; `nentsDiffer` only for an sg sync (a range sync
 * carries `sg_call_ents = 0`). In debug.c's order:
 *
 *   if (entry->direction == DMA_BIDIRECTIONAL) goto out;
 *   if (ref->direction != entry->direction) "different direction";
 *   if (to_cpu && !(entry->direction == DMA_FROM_DEVICE) && !(ref->direction == DMA_TO_DEVICE))
 *     "device read-only DMA memory for cpu";
 *   if (!to_cpu && !(entry->direction == DMA_TO_DEVICE) && !(ref->direction == DMA_FROM_DEVICE))
 *     "device write-only DMA memory to device";
 *   if (ref->sg_call_ents && ref->type == dma_debug_sg && ref->sg_call_ents != entry->sg_call_ents)
 *     "different entry count";
 *
 * So a sync in the mapping's own direction is never warned about for its direction:
 * `sync_for_cpu(TO_DEVICE)` of a TO_DEVICE mapping (reusing a TX buffer) and
 * `sync_for_device(FROM_DEVICE)` of a FROM_DEVICE mapping (recycling an RX buffer) are legal.
 * @category DMA API
 */
export function syncWarnings(mapDir: number, dir: number, forCpu: boolean, nentsDiffer: boolean): number {
  if (mapDir === DIR.BIDIRECTIONAL) return nentsDiffer ? SYNC.NENTS_RULE : SYNC.OK;
  let out: number = SYNC.OK;
  if (dir !== mapDir) out |= SYNC.WRONG_DIR;
  if (forCpu && mapDir !== DIR.FROM_DEVICE && dir !== DIR.TO_DEVICE) out |= SYNC.READ_ONLY_FOR_CPU;
  if (!forCpu && mapDir !== DIR.TO_DEVICE && dir !== DIR.FROM_DEVICE) out |= SYNC.WRITE_ONLY_TO_DEVICE;
  if (nentsDiffer) out |= SYNC.WRONG_NENTS;
  return out;
}

/**
 * `dma_sync_sg_for_cpu` (`forCpu`) or `dma_sync_sg_for_device` on the mapping the table's DMA fields
 * hold. The copies happen for the caller's direction even when the call is wrong, as in the kernel.
 * Returns the `SYNC.*` bits.
 * Kernel: `dma_sync_sg_for_cpu` / `dma_sync_sg_for_device` (include/linux/dma-mapping.h,
 * kernel/dma/mapping.c) and debug.c `check_sync`. Records `dma_sync` with the `SYNC.*` bits, which
 * SYNC-LIVE reports.
 * @category DMA API
 */
export function dmaSyncSg(k: Kernel, sg: SgId, dev: DeviceId, nents: number, dir: number, forCpu: boolean): number {
  const w = k.w;
  const t = sgAt(w, sg);
  const m = t.dma === NONE ? undefined : mappingAt(w, t.dma);
  const outcome =
    m === undefined || !m.live || m.dev !== dev ? SYNC.NOT_MAPPED : syncWarnings(m.dir, dir, forCpu, nents !== m.nents);
  k.emit(EV.dma_sync, t.obj, m?.id ?? NONE, outcome, forCpu ? SYNC_FOR_CPU : 0, dev);
  if (m?.live) syncPages(k, m.id, 0, m.npages, dir, forCpu);
  return outcome;
}

/**
 * `dma_sync_single_range_for_cpu` (`forCpu`) or `_for_device` on `sg_dma_address()` of the DMA
 * segment holding page `first`, for `count` pages from there: the sub-region sync of a texture
 * rectangle seed 004 describes ("the sync operations would often affect sub-regions of 2D and 3D
 * textures"). DMA-API debug keeps one entry per segment and looks a sync up by an entry containing
 * the whole range (`bucket_find_contain`), so a range past the segment's end is "device driver tries
 * to sync DMA memory it has not allocated" (debug.c `check_sync`), and no page is handed over; else
 * only the pages in the range are (the rest stays written by the device, `Mapping.devWrote`).
 * Kernel: `dma_sync_single_range_for_cpu` / `_for_device` (include/linux/dma-mapping.h, over
 * `dma_sync_single_for_*` in kernel/dma/mapping.c) and debug.c `check_sync`. Records `dma_sync` (SYNC-
 * LIVE).
 * @category DMA API
 */
export function dmaSyncRange(
  k: Kernel,
  sg: SgId,
  dev: DeviceId,
  first: number,
  count: number,
  dir: number,
  forCpu: boolean,
): number {
  const w = k.w;
  const t = sgAt(w, sg);
  const m = t.dma === NONE ? undefined : mappingAt(w, t.dma);
  let inSegment = false;
  if (m !== undefined) {
    let end = 0;
    for (const len of m.segs) {
      end += len;
      if (first < end) break;
    }
    inSegment = first + count <= end;
  }
  const outcome =
    m === undefined || !m.live || m.dev !== dev || !inSegment
      ? SYNC.NOT_MAPPED
      : syncWarnings(m.dir, dir, forCpu, false);
  const past = m?.live && m.dev === dev && !inSegment ? SYNC_PAST_SEGMENT : 0;
  k.emit(EV.dma_sync, t.obj, m?.id ?? NONE, outcome, (forCpu ? SYNC_FOR_CPU : 0) | SYNC_RANGE | past, dev);
  if (m?.live && inSegment) syncPages(k, m.id, first, Math.min(count, m.npages - first), dir, forCpu);
  return outcome;
}

/** Hands pages [first, first+count) of a mapping over, in the direction of the sync. */
function syncPages(k: Kernel, mapping: MappingId, first: number, count: number, dir: number, forCpu: boolean): void {
  const w = k.w;
  const m = mappingAt(w, mapping);
  const d = deviceAt(w, m.dev);
  const pages = sgAt(w, m.sg).pages;
  for (let i = first; i < first + count; i++) {
    const page = pageAt(w, pages[i] as PageId);
    if (forCpu && fromDevice(dir)) {
      m.devWrote[i] = false;
      if (m.bounce !== null) page.ver = m.bounce[i] as number;
      if (!d.coherent || m.bounce !== null) cacheInvalidate(page);
    } else if (!forCpu && toDevice(dir)) {
      if (!d.coherent) cacheClean(page);
      if (m.bounce !== null) m.bounce[i] = page.cache; // swiotlb_bounce copies the whole range
    }
  }
}

/**
 * The device reads or writes page `i` of a mapping (its DMA). Records what it saw.
 * No kernel function: the device's own DMA. Records `dev_access` (BOUNCE-COHERENT compares what it saw
 * with what the CPU last wrote).
 * @category DMA API
 */
export function deviceAccess(k: Kernel, mapping: MappingId, i: number, write: boolean): void {
  const w = k.w;
  const m = mappingAt(w, mapping);
  const d = deviceAt(w, m.dev);
  const page = pageAt(w, sgAt(w, m.sg).pages[i] as number);
  if (write) {
    const v = ++w.dataVer;
    page.devVer = v;
    m.devWrote[i] = true;
    if (m.bounce !== null) m.bounce[i] = v;
    else {
      page.ver = v;
      if (d.coherent || page.coherent) page.cache = v;
    }
    k.emit(EV.dev_access, m.obj, page.id, v, v, 1);
  } else {
    const seen = m.bounce !== null ? (m.bounce[i] as number) : d.coherent ? page.cache : page.ver;
    k.emit(EV.dev_access, m.obj, page.id, seen, page.cpuVer, 0);
  }
  k.touch(objAt(w, m.obj));
}

/**
 * The CPU reads a page (through a kernel mapping or a CPU mmap). Records what it saw, and what it
 * should see: the last device write up to data version `since` (the start of the CPU's access:
 * device writes after that race the reader, which nothing in the kernel orders).
 * No kernel function: the CPU's load. Records `cpu_access` (BOUNCE-COHERENT).
 * @category DMA API
 */
export function cpuRead(k: Kernel, id: PageId, since: number = Number.POSITIVE_INFINITY): void {
  const p = pageAt(k.w, id);
  k.emit(EV.cpu_access, p.obj, id, p.cache, p.devVer <= since ? p.devVer : 0, 0);
}

/**
 * The CPU writes a page: into its cache, which coherent devices see at once; a page of a
 * `dma_alloc_coherent` buffer is mapped uncached, so the write reaches RAM at once too.
 * No kernel function: the CPU's store. Records `cpu_access` (BOUNCE-COHERENT).
 * @category DMA API
 */
export function cpuWrite(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  const v = ++k.w.dataVer;
  p.cpuVer = v;
  p.cache = v;
  if (p.coherent) p.ver = v;
  else p.cpuDirty = true;
  k.emit(EV.cpu_access, p.obj, id, v, v, 1);
}
