import {
  BACKINGS,
  BLOCK,
  DONE,
  E,
  fenceCreate,
  fenceSignal,
  type Kernel,
  MUTEX,
  mutexHeldByMe,
  mutexLock,
  mutexTrylock,
  mutexUnlock,
  NONE,
  type ObjectId,
  objAt,
  objClose,
  objCreate,
  objFree,
  objGet,
  objMarkDirty,
  objPut,
  oldestUnsignaled,
  type Policy,
  type Program,
  program,
  resvAddFence,
  resvLock,
  resvUnlock,
  USAGE,
  type VmaId,
  vmaAt,
  vmaPin,
  vmaUnpin,
} from '../../model/index.ts';
import { nextBound, vmaBindProgram, vmaIn, vmaUnbindProgram } from './vma.ts';

/**
 * The i915 GEM paths of the 2013-2015 kernels (drivers/gpu/drm/i915/i915_gem.c of v3.12-v4.2),
 * shared by the policies that differ only where history changed them:
 * - what bind does between allocating the node and writing the PTEs (`i915_gem_gtt_prepare_object`,
 *   the `dma_map_sg`, until commit e2273302 moved it into get_pages);
 * - what unbind does after clearing the PTEs (`i915_gem_gtt_finish_object`, the `dma_unmap_sg`:
 *   on every unbind before commit 9490edb, on the last one after it, in put_pages after e2273302).
 * get_pages and put_pages are the policy's own (`k.policy.getPages`).
 *
 * Every GEM ioctl ran under `dev->struct_mutex` (i915_mutex_lock_interruptible), waits for the GPU
 * included; the shrinker only trylocked it (i915_gem_shrinker_lock). The object's free is folded
 * into `close`: it waits, without the mutex, for the other references and the GPU to go, as the
 * last unreference did.
 */
export interface I915Parts {
  /** Bind, after the node is inserted and before the PTEs are written. Returns 0 or -errno. */
  readonly prepareBind?: (k: Kernel, obj: ObjectId) => number;
  /** Unbind, after the PTEs are cleared; `last` when no other VMA of the object is bound. */
  readonly finishUnbind?: (k: Kernel, obj: ObjectId, last: boolean) => void;
}

/** An ioctl: take struct_mutex, run an internal routine, drop it. */
function ioctl(name: string, inner: string): Program {
  return program(name, {
    mutex_lock: (k) => {
      if (mutexLock(k, MUTEX.struct_mutex) < 0) return BLOCK;
    },
    call: (k, f) => k.call(inner, f.obj, f.vm, f.arg),
    mutex_unlock: (k) => {
      mutexUnlock(k, MUTEX.struct_mutex);
    },
  });
}

/** Each user context submits to its own timeline (fence context). */
export function timelineOf(ctx: number): number {
  return ctx;
}

export function i915Programs(parts: I915Parts = {}): Policy['programs'] {
  return {
    vma_bind: vmaBindProgram(parts),
    vma_unbind: vmaUnbindProgram(parts),
    bind: ioctl('bind', 'vma_bind'),
    unbind: ioctl('unbind', 'vma_unbind'),

    create: program('create', {
      /** i915_gem_create_ioctl: a shmem object (no struct_mutex needed). */
      create: (k, f) => {
        if (BACKINGS[f.arg] !== 'shmem') {
          f.ret = E.INVAL;
          return DONE;
        }
        f.obj = objCreate(k, 'shmem');
      },
    }),

    execbuf: program('execbuf', {
      mutex_lock: (k) => {
        if (mutexLock(k, MUTEX.struct_mutex) < 0) return BLOCK;
      },
      /** Reserve the object (dma_resv_lock; KERNEL.md §2.3 E1-E2). */
      lock: (k, f) => {
        if (resvLock(k, objAt(k.w, f.obj).resv) < 0) return BLOCK;
      },
      /** E3: bind into the job's address space unless already bound. */
      bind: (k, f) => {
        const id = vmaIn(k, f.obj, f.vm);
        if (id === NONE || !vmaAt(k.w, id).bound) return k.call('vma_bind', f.obj, f.vm, 0);
      },
      /** E3: pin the VMA for the submission; on a bind error, back off. */
      pin: (k, f) => {
        const id = vmaIn(k, f.obj, f.vm);
        if (f.ret < 0 || id === NONE || !vmaAt(k.w, id).bound) {
          resvUnlock(k, objAt(k.w, f.obj).resv);
          return 'mutex_unlock';
        }
        vmaPin(k, id);
        f.vma = id;
      },
      /** E4-E6: the fence goes into the reservation while it is held; a write marks obj->dirty. */
      submit: (k, f) => {
        const o = objAt(k.w, f.obj);
        const write = f.arg === 1;
        const fence = fenceCreate(k, timelineOf(k.ctx), [f.vma as VmaId], write);
        f.fence = fence;
        resvAddFence(k, o.resv, fence, write ? USAGE.WRITE : USAGE.READ);
        if (write) objMarkDirty(k, o.id);
      },
      /** E7-E8: unlock and unpin; the VMA stays bound and active until the fence signals. */
      unlock: (k, f) => {
        resvUnlock(k, objAt(k.w, f.obj).resv);
        vmaUnpin(k, f.vma as VmaId);
      },
      mutex_unlock: (k) => {
        mutexUnlock(k, MUTEX.struct_mutex);
      },
    }),

    signal: program('signal', {
      /** The GPU passes the timeline's oldest request: dma_fence_signal; the job retires. */
      signal: (k, f) => {
        const fence = oldestUnsignaled(k, f.arg);
        if (fence !== NONE) fenceSignal(k, fence);
      },
    }),

    shrink: program('shrink', {
      /** i915_gem_shrinker_lock: trylock struct_mutex, or go on if this context already holds it. */
      lock: (k, f) => {
        if (mutexTrylock(k, MUTEX.struct_mutex)) f.seq = 1;
        else if (!mutexHeldByMe(k, MUTEX.struct_mutex)) return DONE;
      },
      /** i915_gem_shrink: walk the objects that hold pages, holding a reference on each. */
      scan: (k, f) => {
        const objs = k.w.objects;
        let i = f.i;
        while (i < objs.length && (!objAt(k.w, i).live || objAt(k.w, i).sg === NONE)) i++;
        if (i >= objs.length) return 'unlock';
        f.obj = i;
        f.vm = 0;
        objGet(k, i as ObjectId);
      },
      /** Unbind every VMA (i915_vma_unbind fails on a pinned one, which keeps the pages). */
      unbind_vmas: (k, f) => {
        const next = nextBound(k, f.obj, f.vm);
        if (next === undefined) return 'put_pages';
        const [vm, id] = next;
        if (vmaAt(k.w, id).pin > 0) return 'next_object';
        f.vm = vm + 1;
        return k.call('vma_unbind', f.obj, vm, 0);
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
    }),

    close: program('close', {
      /** drm_gem_handle_delete; the free waits for other references and the GPU. */
      drop_handle: (k, f) => {
        objClose(k, f.obj as ObjectId);
      },
      wait_idle: (k, f) => {
        const o = objAt(k.w, f.obj);
        if (o.active > 0 || o.refs > 1) return BLOCK;
      },
      mutex_lock: (k) => {
        if (mutexLock(k, MUTEX.struct_mutex) < 0) return BLOCK;
      },
      /** i915_gem_free_object: unbind every VMA (pin counts forced to 0 first). */
      unbind_vmas: (k, f) => {
        const next = nextBound(k, f.obj, f.vm);
        if (next === undefined) return 'put_pages';
        const [vm, id] = next;
        vmaAt(k.w, id).pin = 0;
        f.vm = vm + 1;
        return k.call('vma_unbind', f.obj, vm, 0);
      },
      again: () => 'unbind_vmas',
      /** pages_pin_count forced to 0, put_pages, free; then drop struct_mutex. */
      put_pages: (k, f) => {
        const o = objAt(k.w, f.obj);
        o.pagesPin = 0;
        k.policy.putPages(k, o.id);
        objFree(k, o.id);
        mutexUnlock(k, MUTEX.struct_mutex);
      },
    }),
  };
}
