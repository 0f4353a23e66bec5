import {
  type Attachment,
  type DeviceId,
  type DmaBuf,
  EV,
  type Kernel,
  mappingAt,
  NONE,
  type ObjectId,
  objAt,
  type PageId,
  resvAt,
  type SgId,
  sgAt,
  type World,
} from '../core/index.ts';
import { deviceAccess, deviceAt } from '../dma/index.ts';
import { segmentLengths } from '../mm/index.ts';

/**
 * The dma-buf core (drivers/dma-buf/dma-buf.c, include/linux/dma-buf.h): export, attach, the
 * attachment's mapping, detach, move_notify. What the exporter's callbacks and the importer do
 * around them is policy.
 */

/** The dma-buf `id` (`struct dma_buf`); throws when there is none. @category dma-buf */
export function dmabufAt(w: World, id: number): DmaBuf {
  return w.dmabufs[id] ?? fail(`no dma-buf ${id}`);
}
/** The attachment `id` (`struct dma_buf_attachment`); throws when there is none. @category dma-buf */
export function attachmentAt(w: World, id: number): Attachment {
  return w.attachments[id] ?? fail(`no attachment ${id}`);
}
function fail(msg: string): never {
  throw new Error(msg);
}

/**
 * `dma_buf_export` (drm_gem_prime_export): the buffer shares the object's reservation.
 * Kernel: `dma_buf_export` (drivers/dma-buf/dma-buf.c). Records no event; state: a new `DmaBuf`.
 * @category dma-buf
 */
export function dmabufExport(k: Kernel, obj: ObjectId): number {
  const w = k.w;
  const o = objAt(w, obj);
  const id = w.dmabufs.length;
  w.dmabufs.push({ id, obj, resv: o.resv, attachments: [], cachedSg: NONE });
  o.dmabuf = id;
  k.touch(o);
  return id;
}

/**
 * Whether a device's constraints can be met by the buffer's pages at all: the check of the attacher
 * constraints RFC (seed 002: "check that max_segment_count * max_segment_size is not smaller than
 * the buffer"), plus physical contiguity for a device that needs it and has no IOMMU.
 * Records no event.
 * @category dma-buf
 */
export function constraintsMet(w: World, dev: DeviceId | number, pages: readonly PageId[]): boolean {
  const d = deviceAt(w, dev);
  if (d.iommu) return true;
  if (d.maxSegCount * d.maxSegPages < pages.length) return false;
  const segs = segmentLengths(pages, d.maxSegPages);
  return segs.length <= d.maxSegCount && (!d.contiguous || segs.length === 1);
}

/**
 * `dma_buf_attach` / `dma_buf_dynamic_attach`: a new attachment of `dev`.
 * Kernel: drivers/dma-buf/dma-buf.c. Records `dmabuf_attach` (SEG-CONSTRAINTS: an attach whose
 * constraints cannot be met must fail); state: a new `Attachment`.
 * @category dma-buf
 */
export function dmabufAttach(k: Kernel, buf: number, dev: DeviceId, dynamic: boolean, feasible: boolean): number {
  const w = k.w;
  const b = dmabufAt(w, buf);
  const o = objAt(w, b.obj);
  const id = w.attachments.length;
  w.attachments.push({
    id,
    buf,
    dev,
    dynamic,
    sg: NONE,
    pinned: false,
    valid: true,
    detached: false,
    ptes: new Array(o.npages).fill(NONE),
  });
  b.attachments.push(id);
  k.emit(EV.dmabuf_attach, o.id, id, dev, feasible ? 1 : 0, dynamic ? 1 : 0);
  k.touch(o);
  return id;
}

/**
 * The attachment of `dev` to the buffer exported from `obj`, or NONE.
 * Records no event.
 * @category dma-buf
 */
export function attachmentOf(w: World, obj: number, dev: number): number {
  const o = w.objects[obj];
  if (o === undefined || o.dmabuf === NONE) return NONE;
  for (const a of dmabufAt(w, o.dmabuf).attachments) {
    const att = attachmentAt(w, a);
    if (att.dev === dev && !att.detached) return a;
  }
  return NONE;
}

/**
 * `dma_buf_map_attachment` returns a table to the importer: records whether the caller held the
 * reservation (dynamic importers must: dma_resv_assert_held) and which mapping the table holds.
 * Kernel: `dma_buf_map_attachment` (drivers/dma-buf/dma-buf.c); the exporter's `map_dma_buf` did the
 * mapping before. Records `map_attachment` (ATTACH-OWN-SG, DYN-MAP-LOCKED).
 * @category dma-buf
 */
export function attachmentMapped(k: Kernel, att: number, sg: SgId): void {
  const w = k.w;
  const a = attachmentAt(w, att);
  const b = dmabufAt(w, a.buf);
  a.sg = sg;
  a.valid = true;
  const held = resvAt(w, b.resv).owner === k.ctx ? 1 : 0;
  k.emit(EV.map_attachment, b.obj, att, sgAt(w, sg).dma, held, a.dynamic ? 1 : 0);
  k.touch(objAt(w, b.obj));
}

/**
 * `dma_buf_detach`: records the live mappings the attachment still has (a leak).
 * Kernel: drivers/dma-buf/dma-buf.c. Records `dmabuf_detach` (NO-LEAK).
 * @category dma-buf
 */
export function dmabufDetach(k: Kernel, att: number): void {
  const w = k.w;
  const a = attachmentAt(w, att);
  const b = dmabufAt(w, a.buf);
  a.detached = true;
  a.ptes.fill(NONE);
  const live = w.mappings.filter((m) => m.att === att && m.live).length;
  k.emit(EV.dmabuf_detach, b.obj, att, live, 0);
  k.touch(objAt(w, b.obj));
}

/**
 * `dma_buf_move_notify`: the exporter tells dynamic importers their mappings are going away;
 * records whether it held the reservation (include/linux/dma-buf.h: "called with the dma_resv
 * lock held"). The attachments are invalid until mapped again.
 * Kernel: `dma_buf_move_notify` (drivers/dma-buf/dma-buf.c). Records `move_notify` (DYN-MAP-LOCKED).
 * @category dma-buf
 */
export function moveNotify(k: Kernel, buf: number): void {
  const w = k.w;
  const b = dmabufAt(w, buf);
  let mapped = 0;
  for (const a of b.attachments) {
    const att = attachmentAt(w, a);
    if (!att.dynamic || att.detached) continue;
    att.valid = false;
    if (att.ptes.some((p) => p >= 0)) mapped++;
  }
  k.emit(EV.move_notify, b.obj, buf, resvAt(w, b.resv).owner === k.ctx ? 1 : 0, mapped);
  k.touch(objAt(w, b.obj));
}

/**
 * The importer writes its page tables from the addresses it derived from the table (`addrs[i]` for page i).
 * No kernel function: the importer driver's own page-table update. Records `import_bind` (SG-WALK).
 * @category dma-buf
 */
export function importerBind(k: Kernel, att: number, addrs: readonly number[]): void {
  const a = attachmentAt(k.w, att);
  for (let i = 0; i < a.ptes.length; i++) a.ptes[i] = addrs[i] ?? NONE;
  const b = dmabufAt(k.w, a.buf);
  k.emit(EV.import_bind, b.obj, att, addrs.length, 0);
  k.touch(objAt(k.w, b.obj));
}

/**
 * The importer's device accesses page `i` through its page tables: whatever mapping of its device
 * holds that address serves it (a stale one, if the importer kept it past an unmap).
 * Records `import_access` (DYN-MAP-LOCKED) and, through a live mapping, `dev_access` (BOUNCE-
 * COHERENT).
 * @category dma-buf
 */
export function importerAccess(k: Kernel, att: number, i: number, write: boolean): void {
  const w = k.w;
  const a = attachmentAt(w, att);
  const b = dmabufAt(w, a.buf);
  k.emit(EV.import_access, b.obj, att, a.valid ? 1 : 0, i);
  const addr = a.ptes[i] ?? NONE;
  if (addr === NONE) return;
  for (let m = w.mappings.length - 1; m >= 0; m--) {
    const x = mappingAt(w, m);
    const j = x.dev === a.dev && x.att === att ? x.addrs.indexOf(addr) : -1;
    if (j >= 0) {
      deviceAccess(k, x.id, j, write);
      return;
    }
  }
}
