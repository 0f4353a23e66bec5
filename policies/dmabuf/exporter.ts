import {
  ATTR_SKIP_CPU_SYNC,
  attachmentAt,
  attachmentMapped,
  BLOCK,
  constraintsMet,
  DIR,
  DONE,
  dmabufAt,
  dmabufAttach,
  dmabufExport,
  dmaMapSg,
  E,
  type Kernel,
  moveNotify,
  NONE,
  type ObjectId,
  objAt,
  type Program,
  pinPages,
  program,
  resvLock,
  resvUnlock,
  resvWaitIdle,
  type SgId,
  sgAt,
  sgFromPages,
  USAGE,
  unpinPages,
} from '../../model/index.ts';
import { attOf, importerDropMapping } from './importer.ts';
import type { DmaBufVariant } from './variant.ts';

/**
 * The exporter's side of dma-buf for a GEM driver (drm_prime.c, i915_gem_dmabuf.c shapes): export,
 * attach, map_dma_buf, and eviction with move_notify.
 */

export function exportProgram(): Program {
  return program('export', {
    export: (k, f) => {
      dmabufExport(k, f.obj as ObjectId);
    },
  });
}

/** Whether the exporter can satisfy the device: with the pages it has, or by size before it has any. */
function feasible(k: Kernel, obj: number, dev: number): boolean {
  const o = objAt(k.w, obj);
  if (o.sg !== NONE) return constraintsMet(k.w, dev, sgAt(k.w, o.sg).pages);
  const d = k.w.devices[dev];
  return d === undefined || d.iommu || d.maxSegCount * d.maxSegPages >= o.npages;
}

/** `dma_buf_attach` → the exporter's attach callback. */
export function attachProgram(v: DmaBufVariant): Program {
  return program('attach', {
    attach: (k, f) => {
      const ok = feasible(k, f.obj, f.vm);
      if (!ok && v.checkConstraints !== false) {
        f.ret = E.INVAL;
        return DONE;
      }
      const dynamic = f.arg === 1 && k.w.devices[f.vm]?.dynamic === true;
      dmabufAttach(k, objAt(k.w, f.obj).dmabuf, f.vm as never, dynamic, ok);
    },
  });
}

/**
 * `map_dma_buf`, called with the reservation held: pin the pages (get_pages), build a table for this
 * attachment with segments no longer than the device takes (`sg_alloc_table_from_pages_segment` with
 * `dma_get_max_seg_size`), and map it for the attachment's device, with DMA_ATTR_SKIP_CPU_SYNC as
 * drm_gem_map_dma_buf does (begin/end_cpu_access hand the data over). Returns the table, or -errno.
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

/**
 * The exporter evicts the buffer (TTM-style move, or a revoke): reserve it, tell the importers
 * (`dma_buf_move_notify`), wait for the fences in the reservation, release the backing (new pages come
 * at the next map), unlock. Pinned backing does not move. `moveWaits: 'kernel'` waits only for
 * KERNEL-usage fences, as the vfio-pci revoke patch did ("it must be BOOKKEEP so that we wait for
 * everything", König, 2026 review; KERNEL.md B13).
 */
export function moveProgram(v: DmaBufVariant): Program {
  const usage = v.moveWaits === 'kernel' ? USAGE.KERNEL : USAGE.BOOKKEEP;
  return program('move', {
    lock: (k, f) => {
      if (resvLock(k, objAt(k.w, f.obj).resv) === E.BUSY) return BLOCK;
    },
    notify: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.dmabuf === NONE || o.sg === NONE) return 'unlock';
      moveNotify(k, o.dmabuf);
      if (v.honourMoveNotify === false) return;
      for (const a of dmabufAt(k.w, o.dmabuf).attachments) {
        const att = attachmentAt(k.w, a);
        if (att.dynamic && !att.detached) importerDropMapping(k, a);
      }
    },
    wait: (k, f) => {
      if (!resvWaitIdle(k, objAt(k.w, f.obj).resv, usage)) return BLOCK;
    },
    evict: (k, f) => {
      k.policy.putPages(k, f.obj as ObjectId);
    },
    unlock: (k, f) => {
      resvUnlock(k, objAt(k.w, f.obj).resv);
    },
  });
}

/** Records a mapped table in the attachment (after `mapDmaBuf`). */
export function publish(k: Kernel, f: { obj: number; vm: number }, sg: SgId): void {
  attachmentMapped(k, attOf(k, f), sg);
}
