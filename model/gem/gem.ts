import {
  type Backing,
  EV,
  type Kernel,
  MADV,
  NONE,
  type ObjectId,
  objAt,
  type ResvId,
  type SgId,
  sgAt,
  type VmaId,
} from '../core/index.ts';
import { pagePut } from '../mm/index.ts';

/**
 * GEM object primitives: creation, the object's page list (`obj->pages`), its pin count and its
 * release. What a driver does around them (when to map, when to dirty) is policy.
 */

/** Creates an object with one handle and its own reservation object (`drm_gem_private_object_init`). */
export function objCreate(k: Kernel, backing: Backing): ObjectId {
  const w = k.w;
  const id = w.objects.length as ObjectId;
  const resv = w.resvs.length as ResvId;
  w.resvs.push({ id: resv, owner: NONE, fences: [], usages: [] });
  w.objects.push({
    id,
    backing,
    npages: w.config.objectPages,
    resv,
    live: true,
    handles: 1,
    refs: 0,
    sg: NONE,
    pagesPin: 0,
    pinDisplay: 0,
    bindCount: 0,
    bindPeak: 0,
    vmas: new Array<VmaId | -1>(w.config.vms).fill(NONE),
    madv: MADV.WILLNEED,
    dmabuf: NONE,
    ustart: backing === 'userptr' ? id * w.config.objectPages : NONE,
    // __mmu_interval_notifier_insert (mm/mmu_notifier.c): an interval inserted while an
    // invalidation runs starts one behind, so that readers wait for that invalidation to end.
    useq: (w.mm.seq & 1) === 1 ? w.mm.seq - 1 : w.mm.seq,
    work: NONE,
    workKind: NONE,
    workPages: [],
    pagesSeq: w.mm.seq,
    dirty: false,
    liveMaps: 0,
    active: 0,
    touched: w.step,
  });
  k.touch(objAt(w, id));
  return id;
}

/** Publishes a table as the object's pages (`__i915_gem_object_set_pages`). */
export function setPages(k: Kernel, obj: ObjectId, sg: SgId): void {
  const o = objAt(k.w, obj);
  o.sg = sg;
  o.bindPeak = o.bindCount;
  k.emit(EV.get_pages, obj, sg, 0, 0);
  if (o.ustart !== NONE) k.emit(EV.userptr_publish, obj, sg, 0, 0);
  k.touch(o);
}

/** Detaches the object's pages (`__i915_gem_object_unset_pages`) and returns the table, or NONE. */
export function unsetPages(k: Kernel, obj: ObjectId): SgId | -1 {
  const o = objAt(k.w, obj);
  const sg = o.sg;
  if (sg === NONE) return NONE;
  o.sg = NONE;
  k.emit(EV.put_pages, obj, sg, o.liveMaps, o.pagesPin);
  k.touch(o);
  return sg;
}

/** `i915_gem_object_pin_pages`. */
export function pinPages(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  o.pagesPin++;
  k.touch(o);
}

/** `i915_gem_object_unpin_pages`. */
export function unpinPages(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  if (o.pagesPin === 0) throw new Error(`unbalanced unpin of obj#${obj}'s pages`);
  o.pagesPin--;
  k.touch(o);
}

/** Drops the object's reference on every page of a table (`put_page` each: shmem release, GUP unpin). */
export function releasePages(k: Kernel, sg: SgId): void {
  for (const p of sgAt(k.w, sg).pages) pagePut(k, p);
}

/** Frees the object itself (`i915_gem_free_object`). */
export function objFree(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  o.live = false;
  k.emit(EV.obj_free, obj, o.liveMaps, 0, 0);
  k.touch(o);
}

/** Drops one userspace handle (`drm_gem_handle_delete`). */
export function objClose(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  o.handles--;
  k.touch(o);
}

/** `obj->dirty = 1`: a job writes the object (i915_gem_execbuffer_move_to_active, write domain). */
export function objMarkDirty(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  o.dirty = true;
  k.touch(o);
}

/** `drm_gem_object_get` / `_put` for reclaim's hold on an object across a scan (commit "drm/i915: Hold an object reference whilst we shrink it"). */
export function objGet(k: Kernel, obj: ObjectId): void {
  objAt(k.w, obj).refs++;
}
export function objPut(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  if (o.refs === 0) throw new Error(`unbalanced put of obj#${obj}`);
  o.refs--;
}
