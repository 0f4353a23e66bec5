import {
  attachmentAt,
  BLOCK,
  constraintsMet,
  DONE,
  dmabufAt,
  dmabufAttach,
  dmabufExport,
  E,
  type Kernel,
  moveNotify,
  NONE,
  type ObjectId,
  objAt,
  type Program,
  program,
  resvLock,
  resvUnlock,
  resvWaitIdle,
  sgAt,
  USAGE,
} from '../../model/index.ts';
import { importerDropMapping } from './core.ts';
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
 * The exporter evicts the buffer (TTM-style move, or a revoke): reserve it, tell the importers
 * (`dma_buf_move_notify`), wait for the fences in the reservation, release the backing (new pages come
 * at the next map), unlock. Pinned backing does not move. `moveWaits: 'kernel'` waits only for
 * KERNEL-usage fences, as "[PATCH v3 6/7] vfio: Wait for dma-buf invalidation to complete" did
 * (Message-ID 20260120-dmabuf-revoke-v3-6-b7e0b07b8214@nvidia.com); König: "This should be
 * DMA_RESV_USAGE_BOOKKEEP so that we wait for everything" (Message-ID
 * 015b25e6-cfe1-4110-963f-5f8dc4720d1b@amd.com; KERNEL.md B13). `'none'` waits for nothing, as
 * vfio-pci's revoke did when first merged (5d74781ebc86, vfio_pci_dmabuf.c @06fddc7a1961).
 */
export function moveProgram(v: DmaBufVariant): Program {
  const usage = v.moveWaits === 'kernel' ? USAGE.KERNEL : USAGE.BOOKKEEP;
  const waits = v.moveWaits !== 'none';
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
      if (waits && !resvWaitIdle(k, objAt(k.w, f.obj).resv, usage)) return BLOCK;
    },
    evict: (k, f) => {
      k.policy.putPages(k, f.obj as ObjectId);
    },
    unlock: (k, f) => {
      resvUnlock(k, objAt(k.w, f.obj).resv);
    },
  });
}
