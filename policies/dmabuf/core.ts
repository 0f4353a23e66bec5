import {
  ATTR_SKIP_CPU_SYNC,
  attachmentAt,
  attachmentMapped,
  attachmentOf,
  constraintsMet,
  DIR,
  dmabufAt,
  dmaMapSg,
  dmaSyncSg,
  dmaUnmapSg,
  E,
  importerBind,
  type Kernel,
  mappingAt,
  NONE,
  objAt,
  pinPages,
  type SgId,
  sgAt,
  sgFromPages,
  sgIsMapped,
  unpinPages,
} from '../../model/index.ts';
import type { DmaBufVariant } from './variant.ts';

/**
 * What the dma-buf core (drivers/dma-buf/dma-buf.c) runs between the two halves of a share: the
 * exporter's `map_dma_buf` (from `dma_buf_map_attachment`), the importer's `move_notify` and unmap
 * (from `dma_buf_move_notify` / `dma_buf_unmap_attachment`). The exporter and importer programs
 * both call these; neither half imports the other.
 */

/** The attachment of device `f.vm` to object `f.obj`'s dma-buf, or NONE. */
export function attOf(k: Kernel, f: { obj: number; vm: number }): number {
  return attachmentOf(k.w, f.obj, f.vm);
}

/**
 * `map_dma_buf`, called with the reservation held: pin the pages (get_pages), build a table for this
 * attachment with segments no longer than the device takes (`sg_alloc_table_from_pages_segment` with
 * `dma_get_max_seg_size`), and map it for the attachment's device, with DMA_ATTR_SKIP_CPU_SYNC as
 * drm_gem_map_dma_buf does (a streaming importer syncs around its own DMA; begin_cpu_access only waits
 * for the implicit fences). Returns the table, or -errno.
 */
export function mapDmaBuf(k: Kernel, att: number, v: DmaBufVariant): SgId | number {
  const w = k.w;
  const a = attachmentAt(w, att);
  const b = dmabufAt(w, a.buf);
  const o = objAt(w, b.obj);
  if (v.sharedSg === true && b.cachedSg !== NONE) {
    pinPages(k, o.id);
    a.pinned = true;
    return b.cachedSg;
  }
  const r = k.policy.getPages(k, o.id);
  if (r < 0) return r;
  const pages = sgAt(w, o.sg).pages;
  if (v.checkConstraints !== false && !constraintsMet(w, a.dev, pages)) return E.INVAL;
  pinPages(k, o.id);
  const d = w.devices[a.dev];
  const sg = sgFromPages(k, o.id, pages, att, d?.iommu === false ? d.maxSegPages : Number.POSITIVE_INFINITY);
  if (dmaMapSg(k, sg, a.dev, DIR.BIDIRECTIONAL, ATTR_SKIP_CPU_SYNC) === 0) {
    unpinPages(k, o.id);
    return E.NOSPC;
  }
  if (v.sharedSg === true) b.cachedSg = sg;
  a.pinned = true;
  return sg;
}

/** Records a mapped table in the attachment (after `mapDmaBuf`). */
export function publish(k: Kernel, f: { obj: number; vm: number }, sg: SgId): void {
  attachmentMapped(k, attOf(k, f), sg);
}

/**
 * The importer forgets its page tables and unmaps (move_notify, unmap_attachment): unmap_dma_buf
 * unmaps the table with DMA_ATTR_SKIP_CPU_SYNC, as drm_gem_unmap_dma_buf does (unless another
 * attachment still uses a shared one), and unpins the backing.
 */
export function importerDropMapping(k: Kernel, att: number): void {
  const a = attachmentAt(k.w, att);
  importerBind(k, att, []);
  if (!a.pinned) return;
  a.pinned = false;
  const b = dmabufAt(k.w, a.buf);
  const shared = b.attachments.some(
    (x) => x !== att && attachmentAt(k.w, x).pinned && attachmentAt(k.w, x).sg === a.sg,
  );
  if (!shared && a.sg !== NONE && sgIsMapped(k, a.sg)) {
    // Unmapping with DMA_ATTR_SKIP_CPU_SYNC leaves the handover to the caller: what the device wrote
    // since the last sync goes to the CPU first (dma_sync_sgtable_for_cpu).
    if (mappingAt(k.w, sgAt(k.w, a.sg).dma).devWrote.includes(true)) {
      dmaSyncSg(k, a.sg, a.dev, sgAt(k.w, a.sg).nents, DIR.FROM_DEVICE, true);
    }
    dmaUnmapSg(k, a.sg, a.dev, sgAt(k.w, a.sg).nents, DIR.BIDIRECTIONAL, ATTR_SKIP_CPU_SYNC);
    if (b.cachedSg === a.sg) b.cachedSg = NONE;
  }
  unpinPages(k, b.obj);
}
