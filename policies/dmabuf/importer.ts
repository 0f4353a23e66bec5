import {
  ATTR_SKIP_CPU_SYNC,
  attachmentAt,
  BLOCK,
  DIR,
  dmabufAt,
  dmabufDetach,
  dmaSyncRange,
  dmaSyncSg,
  dmaUnmapSg,
  E,
  fenceCreatePages,
  importerAccess,
  importerBind,
  type Kernel,
  mappingAt,
  NONE,
  objAt,
  type Program,
  program,
  resvAddFence,
  resvLock,
  resvUnlock,
  type SgId,
  sgAt,
  sgIsMapped,
  USAGE,
  unpinPages,
} from '../../model/index.ts';
import { attOf, importerDropMapping, mapDmaBuf, publish } from './core.ts';
import type { DmaBufVariant } from './variant.ts';

/**
 * An importing driver: it maps its attachment with the buffer's reservation held and writes its
 * device page tables from the table, runs jobs on the buffer (fenced in the reservation), drops its
 * mapping when told to (move_notify), unmaps, detaches.
 */

function resvOf(k: Kernel, obj: number) {
  return objAt(k.w, obj).resv;
}

/** Page addresses the importer derives from its table (see DmaBufVariant.walk). */
function walk(k: Kernel, att: number, v: DmaBufVariant): number[] {
  const a = attachmentAt(k.w, att);
  const t = sgAt(k.w, a.sg);
  const m = mappingAt(k.w, t.dma);
  if (v.walk !== 'one-entry-per-page') return [...m.addrs];
  // drm_prime_sg_to_page_addr_arrays before 42e67b479eab: DMA entry i for page i.
  const starts: number[] = [];
  let page = 0;
  for (const len of m.segs) {
    starts.push(m.addrs[page] as number);
    page += len;
  }
  return t.pages.map((_, i) => starts[i] ?? NONE);
}

/** The attachment's live mapping needs syncs: its device is not coherent, or bounces through SWIOTLB. */
function streamingMapping(k: Kernel, att: number): boolean {
  const a = attachmentAt(k.w, att);
  if (a.sg === NONE || !sgIsMapped(k, a.sg)) return false;
  const d = k.w.devices[a.dev];
  return d !== undefined && (!d.coherent || d.bounce);
}

/** Syncs the first `count` pages of the attachment's table: all of it with the sg call, else a range. */
function syncJob(
  k: Kernel,
  att: number,
  count: number,
  dir: number,
  forCpu: boolean,
  region: DmaBufVariant['syncRegion'],
): void {
  const sg = attachmentAt(k.w, att).sg as SgId;
  const t = sgAt(k.w, sg);
  const dev = attachmentAt(k.w, att).dev;
  const n = region === 'first-page' ? Math.min(1, count) : count;
  if (n === t.pages.length) dmaSyncSg(k, sg, dev, t.nents, dir, forCpu);
  else if (n > 0) dmaSyncRange(k, sg, dev, 0, n, dir, forCpu);
}

export function mapAttachmentProgram(v: DmaBufVariant): Program {
  return program('map_attachment', {
    lock: (k, f) => {
      if (resvLock(k, resvOf(k, f.obj)) === E.BUSY) return BLOCK;
    },
    /** dma_buf_map_attachment → the exporter's map_dma_buf (after dropping a mapping move_notify invalidated). */
    map: (k, f) => {
      const att = attOf(k, f);
      if (att === NONE) return 'unlock';
      const a = attachmentAt(k.w, att);
      if (a.pinned) importerDropMapping(k, att);
      const sg = mapDmaBuf(k, att, v);
      if (sg < 0) {
        f.ret = sg;
        return 'unlock';
      }
      publish(k, f, sg as never);
    },
    /** The importer writes its device page tables from the table. */
    bind: (k, f) => {
      const att = attOf(k, f);
      importerBind(k, att, walk(k, att, v));
    },
    unlock: (k, f) => {
      resvUnlock(k, resvOf(k, f.obj));
    },
  });
}

export function unmapAttachmentProgram(): Program {
  return program('unmap_attachment', {
    lock: (k, f) => {
      if (resvLock(k, resvOf(k, f.obj)) === E.BUSY) return BLOCK;
    },
    unmap: (k, f) => {
      const att = attOf(k, f);
      if (att !== NONE) importerDropMapping(k, att);
    },
    unlock: (k, f) => {
      resvUnlock(k, resvOf(k, f.obj));
    },
  });
}

/** `dma_buf_detach`: the core unmaps a still-mapped attachment first (`detachUnmapsAlways` does it blindly). */
export function detachProgram(v: DmaBufVariant): Program {
  return program('detach', {
    lock: (k, f) => {
      if (resvLock(k, resvOf(k, f.obj)) === E.BUSY) return BLOCK;
    },
    detach: (k, f) => {
      const att = attOf(k, f);
      if (att === NONE) return 'unlock';
      const a = attachmentAt(k.w, att);
      if (v.detachUnmapsAlways === true && a.sg !== NONE) {
        dmaUnmapSg(k, a.sg, a.dev, sgAt(k.w, a.sg).nents, DIR.BIDIRECTIONAL, ATTR_SKIP_CPU_SYNC);
        if (a.pinned) unpinPages(k, dmabufAt(k.w, a.buf).obj);
        a.pinned = false;
      } else {
        importerDropMapping(k, att);
      }
      dmabufDetach(k, att);
    },
    unlock: (k, f) => {
      resvUnlock(k, resvOf(k, f.obj));
    },
  });
}

/**
 * A job of the importing device: under the reservation, skip (-EAGAIN: map again first) if
 * move_notify invalidated the attachment, else DMA through the page tables and publish the job's
 * fence (implicit sync: WRITE or READ usage). `arg` 0 reads every page, 1 writes every page, 2
 * writes a sub-region, the first page (a texture rectangle). A streaming importer syncs what the job
 * touches: the table (`dma_sync_sgtable_for_*`) or the sub-region's range. An importer that ignores
 * move_notify goes on.
 */
export function importJobProgram(v: DmaBufVariant): Program {
  return program('import_job', {
    lock: (k, f) => {
      if (resvLock(k, resvOf(k, f.obj)) === E.BUSY) return BLOCK;
    },
    dma: (k, f) => {
      const att = attOf(k, f);
      if (att === NONE) return 'unlock';
      const a = attachmentAt(k.w, att);
      if (!a.valid && v.honourMoveNotify !== false) {
        f.ret = E.AGAIN;
        return 'unlock';
      }
      const write = f.arg !== 0;
      const count = f.arg === 2 ? Math.min(1, a.ptes.length) : a.ptes.length;
      const streaming = streamingMapping(k, att);
      if (streaming) syncJob(k, att, count, DIR.TO_DEVICE, false, 'accessed');
      for (let i = 0; i < count; i++) importerAccess(k, att, i, write);
      if (streaming && v.syncAfterDma !== false) syncJob(k, att, count, DIR.FROM_DEVICE, true, v.syncRegion);
      // The job reaches the buffer through the importer's page tables: with none (after an unmap)
      // it reaches nothing, not the pages of a table that may since have gone to another object.
      const reaches = a.sg !== NONE && a.ptes.some((p) => p !== NONE);
      const pages = reaches ? sgAt(k.w, a.sg).pages : [];
      const fence = fenceCreatePages(k, k.ctx, pages, write);
      resvAddFence(k, resvOf(k, f.obj), fence, write ? USAGE.WRITE : USAGE.READ);
    },
    unlock: (k, f) => {
      resvUnlock(k, resvOf(k, f.obj));
    },
  });
}
