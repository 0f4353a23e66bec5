import {
  DONE,
  MUTEX,
  mutexHeldByMe,
  mutexTrylock,
  mutexUnlock,
  NONE,
  type ObjectId,
  objAt,
  objGet,
  objPut,
  type Program,
  program,
  vmaAt,
} from '../../model/index.ts';
import { nextBound } from './vma.ts';

/** Mutants of the shrinker, for constructed policies (default: the kernel's). */
export interface ShrinkOptions {
  /** Unbind pinned VMAs too, instead of skipping their object (a shrinker that ignores pins). */
  readonly ignorePins?: boolean;
  /** The program it unbinds with (default `vma_unbind`). */
  readonly unbind?: string;
}

/**
 * The struct_mutex-era shrinker, `i915_gem_shrink` (v3.x-v4.x): trylock struct_mutex (or go on when
 * this context already holds it: direct reclaim from inside an ioctl, i915_gem_shrinker_lock),
 * then for each object with pages: unbind every VMA (a pinned one keeps the pages; an active one
 * is waited for), put the pages, holding a reference across (commit "drm/i915: Hold an object
 * reference whilst we shrink it").
 *
 * Simplified: waiting for an active VMA is the `I915_SHRINK_ACTIVE` / shrink-all path; the v4.x
 * slab scan (`i915_gem_shrinker_scan`) skipped active objects instead.
 */
export function shrink2015(opts: ShrinkOptions = {}): Program {
  const unbind = opts.unbind ?? 'vma_unbind';
  return program('shrink', {
    lock: (k, f) => {
      if (mutexTrylock(k, MUTEX.struct_mutex)) f.seq = 1;
      else if (!mutexHeldByMe(k, MUTEX.struct_mutex)) return DONE;
    },
    scan: (k, f) => {
      const objs = k.w.objects;
      let i = f.i;
      while (i < objs.length && (!objAt(k.w, i).live || objAt(k.w, i).sg === NONE)) i++;
      if (i >= objs.length) return 'unlock';
      f.obj = i;
      f.vm = 0;
      objGet(k, i as ObjectId);
    },
    unbind_vmas: (k, f) => {
      const next = nextBound(k, f.obj, f.vm);
      if (next === undefined) return 'put_pages';
      const [vm, id] = next;
      if (vmaAt(k.w, id).pin > 0 && opts.ignorePins !== true) return 'next_object';
      f.vm = vm + 1;
      return k.call(unbind, f.obj, vm, 0);
    },
    again: () => 'unbind_vmas',
    /** i915_gem_object_put_pages: -EBUSY while the pages are pinned. */
    put_pages: (k, f) => {
      k.policy.putPages(k, f.obj as ObjectId);
    },
    next_object: (k, f) => {
      objPut(k, f.obj as ObjectId);
      f.i = f.obj + 1;
      return 'scan';
    },
    unlock: (k, f) => {
      if (f.seq === 1) mutexUnlock(k, MUTEX.struct_mutex);
    },
  });
}
