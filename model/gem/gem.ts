import {
  type Backing,
  EV,
  type Kernel,
  kernelWarn,
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

/**
 * Creates an object with one handle and its own reservation object (`drm_gem_private_object_init`).
 * Kernel: drivers/gpu/drm/drm_gem.c. Records no event; state: a new `Obj` and `Resv`.
 * @category GEM
 */
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

/**
 * Publishes a table as the object's pages (`__i915_gem_object_set_pages`).
 * Kernel: drivers/gpu/drm/i915/gem/i915_gem_pages.c today. Records `get_pages` and, for a userptr object,
 * `userptr_publish` (SEQ-PUBLISH).
 * @category GEM
 */
export function setPages(k: Kernel, obj: ObjectId, sg: SgId): void {
  const o = objAt(k.w, obj);
  o.sg = sg;
  o.bindPeak = o.bindCount;
  k.emit(EV.get_pages, obj, sg, 0, 0);
  if (o.ustart !== NONE) k.emit(EV.userptr_publish, obj, sg, 0, 0);
  k.touch(o);
}

/**
 * Detaches the object's pages (`__i915_gem_object_unset_pages`) and returns the table, or NONE.
 * Records `put_pages` (PINNED-STAYS reports pages released while pinned).
 * @category GEM
 */
export function unsetPages(k: Kernel, obj: ObjectId): SgId | -1 {
  const o = objAt(k.w, obj);
  const sg = o.sg;
  if (sg === NONE) return NONE;
  o.sg = NONE;
  k.emit(EV.put_pages, obj, sg, o.liveMaps, o.pagesPin);
  k.touch(o);
  return sg;
}

/**
 * `i915_gem_object_pin_pages`.
 * Records no event; state: the object's `pagesPin`.
 * @category GEM
 */
export function pinPages(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  o.pagesPin++;
  k.touch(o);
}

/**
 * `i915_gem_object_unpin_pages`.
 * Records no event; state: the object's `pagesPin`. An unbalanced unpin raises a kernel warning (WARN-ON).
 * @category GEM
 */
export function unpinPages(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  // i915_gem_object.h i915_gem_object_unpin_pages: GEM_BUG_ON(!i915_gem_object_has_pinned_pages(obj)).
  if (o.pagesPin === 0) kernelWarn(`unbalanced unpin of obj#${obj}'s pages`);
  o.pagesPin--;
  k.touch(o);
}

/**
 * Drops the object's reference on every page of a table (`put_page` each: shmem release, GUP unpin).
 * Records `page_free` for each page whose last reference this was (NO-LEAK, DMA-AFTER-FREE).
 * @category GEM
 */
export function releasePages(k: Kernel, sg: SgId): void {
  for (const p of sgAt(k.w, sg).pages) pagePut(k, p);
}

/**
 * Frees the object itself (`i915_gem_free_object`).
 * Records `obj_free` (NO-LEAK reports the mappings it still held).
 * @category GEM
 */
export function objFree(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  o.live = false;
  k.emit(EV.obj_free, obj, o.liveMaps, 0, 0);
  k.touch(o);
}

/**
 * Drops one userspace handle (`drm_gem_handle_delete`).
 * Records no event; state: the object's `handles`.
 * @category GEM
 */
export function objClose(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  o.handles--;
  k.touch(o);
}

/**
 * `obj->dirty = 1`: a job writes the object (i915_gem_execbuffer_move_to_active, write domain).
 * Records no event; state: the object's `dirty`, which put_pages turns into `set_page_dirty`.
 * @category GEM
 */
export function objMarkDirty(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  o.dirty = true;
  k.touch(o);
}

/**
 * `drm_gem_object_get` / `_put` for reclaim's hold on an object across a scan (commit "drm/i915: Hold
 * an object reference whilst we shrink it").
 * Records no event.
 * @category GEM
 */
export function objGet(k: Kernel, obj: ObjectId): void {
  objAt(k.w, obj).refs++;
}
/**
 * `drm_gem_object_put`, the release of `objGet`'s hold (reclaim's reference across a scan). An
 * unbalanced put raises a kernel warning (`kernelWarn`: a WARN-ON violation).
 * @category GEM
 */
export function objPut(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  // lib/refcount.c: "refcount_t: underflow; use-after-free." (drm_gem_object_put on a dead kref).
  if (o.refs === 0) kernelWarn(`unbalanced put of obj#${obj}`);
  o.refs--;
}
