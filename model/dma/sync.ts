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
import { deviceAt, fromDevice, toDevice } from './api.ts';

/**
 * Ownership transfer of streaming mappings and what CPU and device see (dma-api.rst "DMA-API
 * streaming ... sync" and its warning box; dma-api-howto.rst; kernel/dma/debug.c `check_sync`).
 * Data is versioned: RAM (`page.ver`), what the CPU sees (`page.cache`), each bounce slot. A
 * coherent device sees and updates the CPU's view; a non-coherent one reads and writes RAM; a
 * bounced one reads and writes its SWIOTLB slot, copied at map/unmap and at the syncs. A page of a
 * `dma_alloc_coherent` buffer (`page.coherent`) is seen alike by both sides (dma-coherent.ts).
 */

/** Outcomes of a sync, as debug.c `check_sync` tells them apart. */
export const SYNC = {
  OK: 0,
  /** "device driver tries to sync DMA memory it has not allocated". */
  NOT_MAPPED: 1,
  /** "device driver syncs DMA memory with different direction". */
  WRONG_DIR: 2,
  /** "device driver syncs device read-only DMA memory for cpu". */
  READ_ONLY_FOR_CPU: 3,
  /** "device driver syncs device write-only DMA memory to device". */
  WRITE_ONLY_TO_DEVICE: 4,
  /** "device driver syncs DMA sg list with different entry count". */
  WRONG_NENTS: 5,
  /** "device driver syncs DMA memory outside allocated range" (a range sync past its segment). */
  OUT_OF_RANGE: 6,
} as const;

/** The `c` field of a `dma_sync` event: bit 0 for the CPU, bit 1 a range sync of part of a segment. */
export const SYNC_FOR_CPU = 1;
export const SYNC_RANGE = 2;

/**
 * `dma_sync_sg_for_cpu` (`forCpu`) or `dma_sync_sg_for_device` on the mapping the table's DMA fields
 * hold. The copies happen for the caller's direction even when the call is wrong, as in the kernel.
 */
export function dmaSyncSg(k: Kernel, sg: SgId, dev: DeviceId, nents: number, dir: number, forCpu: boolean): number {
  const w = k.w;
  const t = sgAt(w, sg);
  const m = t.dma === NONE ? undefined : mappingAt(w, t.dma);
  const outcome =
    m === undefined || !m.live || m.dev !== dev
      ? SYNC.NOT_MAPPED
      : nents !== m.nents
        ? SYNC.WRONG_NENTS
        : dir !== m.dir && m.dir !== DIR.BIDIRECTIONAL
          ? SYNC.WRONG_DIR
          : forCpu && m.dir === DIR.TO_DEVICE
            ? SYNC.READ_ONLY_FOR_CPU
            : !forCpu && m.dir === DIR.FROM_DEVICE
              ? SYNC.WRITE_ONLY_TO_DEVICE
              : SYNC.OK;
  k.emit(EV.dma_sync, t.obj, m?.id ?? NONE, outcome, forCpu ? SYNC_FOR_CPU : 0, dev);
  if (m?.live) syncPages(k, m.id, 0, m.npages, dir, forCpu);
  return outcome;
}

/**
 * `dma_sync_single_range_for_cpu` (`forCpu`) or `_for_device` on `sg_dma_address()` of the DMA
 * segment holding page `first`, for `count` pages from there: the sub-region sync of a texture
 * rectangle seed 004 describes ("the sync operations would often affect sub-regions of 2D and 3D
 * textures"). DMA-API debug keeps one entry per segment, so a range past the segment's end is
 * "device driver syncs DMA memory outside allocated range" (debug.c `check_sync`); only the pages in
 * the range are handed over (the rest stays written by the device, `Mapping.devWrote`).
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
  let outcome: number = SYNC.OK;
  if (m === undefined || !m.live || m.dev !== dev) outcome = SYNC.NOT_MAPPED;
  else {
    let end = 0;
    for (const len of m.segs) {
      end += len;
      if (first < end) break;
    }
    if (first + count > end) outcome = SYNC.OUT_OF_RANGE;
    else if (dir !== m.dir && m.dir !== DIR.BIDIRECTIONAL) outcome = SYNC.WRONG_DIR;
    else if (forCpu && m.dir === DIR.TO_DEVICE) outcome = SYNC.READ_ONLY_FOR_CPU;
    else if (!forCpu && m.dir === DIR.FROM_DEVICE) outcome = SYNC.WRITE_ONLY_TO_DEVICE;
  }
  k.emit(EV.dma_sync, t.obj, m?.id ?? NONE, outcome, (forCpu ? SYNC_FOR_CPU : 0) | SYNC_RANGE, dev);
  if (m?.live && outcome !== SYNC.OUT_OF_RANGE)
    syncPages(k, m.id, first, Math.min(count, m.npages - first), dir, forCpu);
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
      if (!d.coherent || m.bounce !== null) page.cache = page.ver;
    } else if (!forCpu && toDevice(dir)) {
      if (!d.coherent) page.ver = page.cache;
      if (m.bounce !== null) m.bounce[i] = page.cache;
    }
  }
}

/** The device reads or writes page `i` of a mapping (its DMA). Records what it saw. */
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
 */
export function cpuRead(k: Kernel, id: PageId, since: number = Number.POSITIVE_INFINITY): void {
  const p = pageAt(k.w, id);
  k.emit(EV.cpu_access, p.obj, id, p.cache, p.devVer <= since ? p.devVer : 0, 0);
}

/**
 * The CPU writes a page: into its cache, which coherent devices see at once; a page of a
 * `dma_alloc_coherent` buffer is mapped uncached, so the write reaches RAM at once too.
 */
export function cpuWrite(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  const v = ++k.w.dataVer;
  p.cpuVer = v;
  p.cache = v;
  if (p.coherent) p.ver = v;
  k.emit(EV.cpu_access, p.obj, id, v, v, 1);
}
