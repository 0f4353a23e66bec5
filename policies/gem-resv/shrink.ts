import {
  BLOCK,
  clearPtes,
  DONE,
  E,
  MADV,
  NONE,
  type ObjectId,
  objAt,
  objGet,
  objPut,
  type Program,
  program,
  resvIdle,
  resvLock,
  resvTrylock,
  resvUnlock,
  USAGE,
  unpinPages,
  vmaAt,
} from '../../model/index.ts';
import { nextBound } from '../i915-2015/vma.ts';

export interface ShrinkOptions {
  /**
   * Take each object's reservation with `dma_resv_lock` instead of `dma_resv_trylock`: what reclaim
   * must never do (seed 001: "you can only trylock it in a shrink_slab callback"; KERNEL.md B05).
   */
  readonly blockingLock?: boolean;
  /**
   * Purge DONTNEED objects even while a job still uses them, unbinding without waiting for the
   * fences (KERNEL.md §2.6: "DONTNEED set by U while o is still covered by an unsignaled F (purge
   * must wait or skip, DMA-AFTER-FREE)").
   */
  readonly purgeBusy?: boolean;
}

/**
 * A reservation-era shrinker, the shape of `i915_gem_shrink` in
 * drivers/gpu/drm/i915/gem/i915_gem_shrinker.c (2021+): purgeable (DONTNEED) objects first, then
 * the rest; each object is held by a reference, its reservation trylocked (skipped on failure);
 * objects with a pinned VMA, or still busy on the GPU (no I915_SHRINK_ACTIVE in kswapd's pass), are
 * skipped; else every VMA is unbound and the pages put, DONTNEED ones truncated (PURGED).
 */
export function shrinkResv(opts: ShrinkOptions = {}): Program {
  return program('shrink', {
    order: (k, f) => {
      const live = k.w.objects.filter((o) => o.live && o.sg !== NONE);
      f.list = [...live.filter((o) => o.madv === MADV.DONTNEED), ...live.filter((o) => o.madv !== MADV.DONTNEED)].map(
        (o) => o.id,
      );
      f.i = 0;
    },
    next: (k, f) => {
      for (; f.i < f.list.length; f.i++) {
        const o = objAt(k.w, f.list[f.i] as number);
        if (o.live && o.sg !== NONE) {
          f.obj = o.id;
          f.vm = 0;
          objGet(k, o.id);
          return;
        }
      }
      return DONE;
    },
    lock: (k, f) => {
      const resv = objAt(k.w, f.obj).resv;
      if (opts.blockingLock === true) {
        if (resvLock(k, resv) === E.BUSY) return BLOCK;
      } else if (!resvTrylock(k, resv)) {
        return 'put_ref';
      }
    },
    check: (k, f) => {
      const o = objAt(k.w, f.obj);
      const pinned = o.vmas.some((id) => id !== NONE && vmaAt(k.w, id).pin > 0);
      const purge = opts.purgeBusy === true && o.madv === MADV.DONTNEED;
      // Busy means any unsignaled fence in the reservation: the driver's own jobs and other
      // devices' (dma-buf importers) alike (dma_resv_test_signaled, DMA_RESV_USAGE_BOOKKEEP).
      const busy = o.active > 0 || !resvIdle(k, o.resv, USAGE.BOOKKEEP);
      if (pinned || (busy && !purge)) return 'unlock';
    },
    unbind: (k, f) => {
      const next = nextBound(k, f.obj, f.vm);
      if (next === undefined) return 'put_pages';
      const [vm, id] = next;
      f.vm = vm + 1;
      if (vmaAt(k.w, id).active === 0) return k.call('vma_unbind', f.obj, vm, 0);
      // Only a purgeBusy shrinker gets here: it tears the PTEs down under the running job.
      clearPtes(k, id);
      unpinPages(k, f.obj as ObjectId);
      return 'unbind';
    },
    again: () => 'unbind',
    put_pages: (k, f) => {
      const o = objAt(k.w, f.obj);
      k.policy.putPages(k, o.id);
      if (o.sg === NONE && o.madv === MADV.DONTNEED) o.madv = MADV.PURGED;
      k.touch(o);
    },
    unlock: (k, f) => {
      resvUnlock(k, objAt(k.w, f.obj).resv);
    },
    put_ref: (k, f) => {
      objPut(k, f.obj as ObjectId);
      f.i++;
      return 'next';
    },
  });
}
