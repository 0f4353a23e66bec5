import { type DeviceId, DIR, EV, type Kernel, type Mapping, NONE, sgAt } from '../core/index.ts';
import { ATTR_SKIP_CPU_SYNC, deviceAt } from './device.ts';

/**
 * The DMA-API debug table (kernel/dma/debug.c): one entry per mapped sg segment, per `dma_map_page`
 * and per `dma_alloc_coherent`. In the 2015 behaviour a full table turns all checking off for good
 * ("debugging out of memory - disabling"); commit e2273302's author found the leak that way. The
 * current kernel grows the pool instead.
 */

/** Entries a mapping holds in the table: `mapped_ents` for an sg mapping, else one. */
function entriesOf(m: Mapping): number {
  return m.kind === 'sg' ? m.mappedEnts : 1;
}

/**
 * `debug_dma_map_sg` / `debug_dma_map_page` / `debug_dma_alloc_coherent`: takes the mapping's
 * entries, then for each runs `check_sg_segment` (sg, CONFIG_DMA_API_DEBUG_SG) and `add_dma_entry`,
 * whose `active_cacheline_insert` tracks the entry's first cacheline (not for TO_DEVICE: "If the
 * device is not writing memory then we don't have any concerns about the cpu consuming stale data")
 * in one tree for all devices, and reports "cacheline tracking EEXIST, overlapping mappings aren't
 * supported" when the line is already tracked and the map lacks DMA_ATTR_SKIP_CPU_SYNC (the
 * message since 2b4bbc6231d7, Linux 5.14; older kernels counted the overlap silently). Current
 * kernels also stay silent under CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC with SWIOTLB active (arm64),
 * and later changes exempt small kmalloc buffers sharing a line; the model follows the x86
 * configuration and maps whole pages, where neither applies. The overlap count saturates at 7 in
 * the kernel (`ACTIVE_CACHELINE_MAX_OVERLAP`, then a WARN_ONCE); the model counts on.
 * Kernel: `add_dma_entry` (kernel/dma/debug.c). Records `dma_debug_overlap` (MAP-OVERLAP),
 * `dma_debug_sg_segment` (SEG-CONSTRAINTS) and `dma_debug_disabled` when the table fills in `disable-
 * when-full` mode (DEBUG-TABLE-HEADROOM). Map primitives call it; a policy does not.
 * @category DMA API
 */
export function debugAdd(k: Kernel, m: Mapping, attrs = 0): void {
  const d = k.w.debug;
  if (d.disabled) return;
  const entries = entriesOf(m);
  if (d.used + entries > d.capacity && d.mode === 'disable-when-full') {
    d.disabled = true;
    d.disabledAt = k.w.step;
    k.emit(EV.dma_debug_disabled, NONE, d.capacity, d.used, 0);
    return;
  }
  d.used += entries;
  if (m.kind === 'sg' && d.sg) checkSgSegments(k, m);
  if (m.dir === DIR.TO_DEVICE) return;
  // Entry i starts at the page of CPU entry i (`debug_dma_map_sg` takes `sg_page(s)` of each of the
  // first mapped_ents CPU entries); a page or coherent entry at its first page. The model maps whole
  // pages at offset 0: `to_cacheline_number()` of an entry is its first page's first line.
  const t = sgAt(k.w, m.sg);
  for (let i = 0, at = 0; i < entries; at += t.segs[i] ?? 0, i++) {
    const page = t.pages[at] as number;
    const n = d.cachelines[page] ?? 0;
    if (n > 0 && (attrs & ATTR_SKIP_CPU_SYNC) === 0) k.emit(EV.dma_debug_overlap, m.obj, m.id, page, m.dev, n);
    d.cachelines[page] = n + 1;
  }
}

/**
 * `dma_entry_free`: drops the mapping's entries and, mirroring the insert, its tracked cachelines.
 * Kernel: kernel/dma/debug.c, at the end of `check_unmap`. Records no event. Unmap primitives call it.
 * @category DMA API
 */
export function debugRemove(k: Kernel, m: Mapping): void {
  const d = k.w.debug;
  if (d.disabled) return;
  const entries = entriesOf(m);
  d.used -= entries;
  if (m.dir === DIR.TO_DEVICE) return;
  const t = sgAt(k.w, m.sg);
  for (let i = 0, at = 0; i < entries; at += t.segs[i] ?? 0, i++) {
    const page = t.pages[at] as number;
    d.cachelines[page] = (d.cachelines[page] ?? 1) - 1;
  }
}

/**
 * debug.c `check_sg_segment` (CONFIG_DMA_API_DEBUG_SG, 78c47830a5cb), for each of the first
 * `mapped_ents` entries: "mapping sg segment longer than device claims to support" when the CPU
 * entry's `sg->length` exceeds `dma_get_max_seg_size(dev)`, and "mapping sg segment across
 * boundary" when the DMA segment's first and last byte differ above `dma_get_seg_boundary(dev)`.
 */
function checkSgSegments(k: Kernel, m: Mapping): void {
  const dev = deviceAt(k.w, m.dev);
  const t = sgAt(k.w, m.sg);
  let dmaAt = 0;
  for (let i = 0; i < m.mappedEnts; i++) {
    const len = t.segs[i] ?? 0;
    if (len > dev.maxSegPages) k.emit(EV.dma_debug_sg_segment, m.obj, m.id, i, 0, m.dev);
    const dmaLen = m.segs[i] ?? 0;
    const start = m.addrs[dmaAt] ?? 0;
    const end = start + dmaLen - 1;
    if (Math.floor(start / dev.segBoundaryPages) !== Math.floor(end / dev.segBoundaryPages))
      k.emit(EV.dma_debug_sg_segment, m.obj, m.id, i, 1, m.dev);
    dmaAt += dmaLen;
  }
}

/**
 * BUS_NOTIFY_UNBOUND_DRIVER: kernel/dma/debug.c `dma_debug_device_change` counts the entries of the
 * device left in the table (`device_dma_allocations`) and, when there are any, reports "device
 * driver has pending DMA allocations while released from device [count=%d]" with one of them.
 * Records `driver_unbound` (NO-LEAK reports the allocations left).
 * @category DMA API
 */
export function debugDriverUnbound(k: Kernel, dev: DeviceId): void {
  if (k.w.debug.disabled) return;
  let count = 0;
  let one: number = NONE;
  for (const m of k.w.mappings) {
    if (!m.live || m.dev !== dev) continue;
    count += entriesOf(m);
    one = m.id;
  }
  k.emit(EV.driver_unbound, one === NONE ? NONE : (k.w.mappings[one]?.obj ?? NONE), dev, count, one);
}
