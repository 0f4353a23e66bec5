import { MADV, NONE, objAt, type World } from '../core/index.ts';
import { attachmentOf } from '../dma-buf/index.ts';
import { type Op, type OpSpec, pickWhere, retargetObj, usable } from './op-kinds.ts';

/** The dma-buf ops: the exporter's side (export, move, CPU access) and the importers' (context I). @category Engine */
export const DMABUF_OP_SPECS: {
  readonly [K in
    | 'export'
    | 'attach'
    | 'map_attachment'
    | 'unmap_attachment'
    | 'detach'
    | 'import_job'
    | 'move'
    | 'cpu_access']: OpSpec;
} = {
  export: {
    kind: 'export',
    lookup: true,
    needs: 'export',
    contexts: ['U0', 'U1'],
    summary: 'export the object as a dma-buf (drm_gem_prime_export)',
    ready: (w, op) => exportable(w, op.obj),
    retarget: (w, op) => retargetObj(w, op, (o) => exportable(w, o)),
  },
  attach: {
    kind: 'attach',
    needs: 'attach',
    contexts: ['I'],
    summary: 'an importing device attaches to the dma-buf (dma_buf_attach)',
    arg: '1 for a dynamic importer (implements move_notify), where the driver of the device can be one',
    ready: (w, op) => exported(w, op.obj) && IMPORTERS.includes(op.vm) && attachmentOf(w, op.obj, op.vm) === NONE,
    retarget: (w, op) => {
      const o = pickWhere(
        w.objects,
        op.obj,
        (x) => exported(w, x.id) && IMPORTERS.some((d) => attachmentOf(w, x.id, d) === NONE),
      );
      if (o === null) return null;
      const dev = pickWhere(IMPORTERS, op.vm, (d) => attachmentOf(w, o.id, d) === NONE);
      return dev === null ? null : { ...op, obj: o.id, vm: dev };
    },
  },
  map_attachment: {
    kind: 'map_attachment',
    needs: 'map_attachment',
    contexts: ['I'],
    summary: 'the importer maps its attachment (dma_buf_map_attachment) and writes its page tables',
    ready: (w, op) => {
      const a = attachmentOf(w, op.obj, op.vm);
      return a !== NONE && !attachmentReady(w, a);
    },
    retarget: (w, op) => retargetAtt(w, op, (a) => !attachmentReady(w, a)),
  },
  unmap_attachment: {
    kind: 'unmap_attachment',
    needs: 'unmap_attachment',
    contexts: ['I'],
    summary: 'the importer unmaps its attachment (dma_buf_unmap_attachment)',
    ready: (w, op) => {
      const a = attachmentOf(w, op.obj, op.vm);
      return a !== NONE && attachmentMappedNow(w, a);
    },
    retarget: (w, op) => retargetAtt(w, op, (a) => attachmentMappedNow(w, a)),
  },
  detach: {
    kind: 'detach',
    needs: 'detach',
    contexts: ['I'],
    summary: 'the importer detaches (dma_buf_detach)',
    ready: (w, op) => attachmentOf(w, op.obj, op.vm) !== NONE,
    retarget: (w, op) => retargetAtt(w, op, () => true),
  },
  import_job: {
    kind: 'import_job',
    needs: 'import_job',
    contexts: ['I'],
    summary: 'the importing device runs a job on the buffer through its attachment',
    arg: '0 reads the buffer, 1 writes it, 2 writes a sub-region (its first page)',
    ready: (w, op) => {
      const a = attachmentOf(w, op.obj, op.vm);
      return a !== NONE && (w.attachments[a]?.sg ?? NONE) !== NONE;
    },
    retarget: (w, op) => retargetAtt(w, op, (a) => (w.attachments[a]?.sg ?? NONE) !== NONE),
  },
  move: {
    kind: 'move',
    needs: 'move',
    contexts: ['X'],
    summary: 'the exporter moves (evicts) the buffer: move_notify, wait, release the old backing',
    ready: (w, op) => exported(w, op.obj) && objAt(w, op.obj).sg !== NONE,
    retarget: (w, op) => retargetObj(w, op, (o) => exported(w, o) && objAt(w, o).sg !== NONE),
  },
  cpu_access: {
    kind: 'cpu_access',
    lookup: true,
    needs: 'cpu_access',
    contexts: ['U0', 'U1'],
    summary: 'the CPU reads the buffer between DMA_BUF_IOCTL_SYNC start and end (begin/end_cpu_access)',
    ready: (w, op) => exported(w, op.obj) && usable(w, op.obj),
    retarget: (w, op) => retargetObj(w, op, (o) => exported(w, o) && usable(w, o)),
  },
};

/** Devices that import dma-bufs (every device but the GPU that owns the objects). @category Engine */
export const IMPORTERS: readonly number[] = [1, 2];

function exportable(w: World, obj: number): boolean {
  return usable(w, obj) && objAt(w, obj).dmabuf === NONE && objAt(w, obj).madv !== MADV.PURGED;
}

function exported(w: World, obj: number): boolean {
  return obj >= 0 && obj < w.objects.length && objAt(w, obj).live && objAt(w, obj).dmabuf !== NONE;
}

/** The attachment's table holds a live mapping. */
function attachmentMappedNow(w: World, a: number): boolean {
  const att = w.attachments[a];
  if (att === undefined || att.sg === NONE) return false;
  const dma = w.sgs[att.sg]?.dma ?? NONE;
  return dma !== NONE && (w.mappings[dma]?.live ?? false);
}

/** Mapped and valid (no move_notify since): nothing for map_attachment to do. */
function attachmentReady(w: World, a: number): boolean {
  return attachmentMappedNow(w, a) && (w.attachments[a]?.valid ?? false);
}

function retargetAtt(w: World, op: Op, ok: (att: number) => boolean): Op | null {
  const a = pickWhere(
    w.attachments,
    op.obj * IMPORTERS.length + op.vm,
    (x) => !x.detached && exported(w, w.dmabufs[x.buf]?.obj ?? NONE) && ok(x.id),
  );
  if (a === null) return null;
  return { ...op, obj: w.dmabufs[a.buf]?.obj ?? NONE, vm: a.dev };
}
