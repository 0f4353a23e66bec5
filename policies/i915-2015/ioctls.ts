import {
  BACKINGS,
  BLOCK,
  DONE,
  E,
  MADV,
  MUTEX,
  mutexLock,
  mutexUnlock,
  NONE,
  type ObjectId,
  objAt,
  objClose,
  objCreate,
  objFree,
  type Program,
  program,
  resvLock,
  resvUnlock,
  type Step,
  touchRange,
  vmaAt,
} from '../../model/index.ts';
import type { I915Parts } from './parts.ts';
import { nextBound } from './vma.ts';

/**
 * What an ioctl serialises on: `dev->struct_mutex` (i915 until 2019) or the object's reservation
 * (i915 since 2021, amdgpu, nouveau, xe: `dma_resv_lock`, ww acquire context).
 */
export function lockStep(parts: I915Parts): Step {
  return parts.lock === 'resv'
    ? (k, f) => {
        if (resvLock(k, objAt(k.w, f.obj).resv) === E.BUSY) return BLOCK;
      }
    : (k) => {
        if (mutexLock(k, MUTEX.struct_mutex) < 0) return BLOCK;
      };
}

export function unlockStep(parts: I915Parts): Step {
  return parts.lock === 'resv'
    ? (k, f) => {
        resvUnlock(k, objAt(k.w, f.obj).resv);
      }
    : (k) => {
        mutexUnlock(k, MUTEX.struct_mutex);
      };
}

/** An ioctl: take the lock, run an internal routine, drop it. */
export function ioctl(name: string, inner: string, parts: I915Parts): Program {
  return program(name, {
    lock: lockStep(parts),
    call: (k, f) => k.call(inner, f.obj, f.vm, f.arg),
    unlock: unlockStep(parts),
  });
}

export function createProgram(parts: I915Parts): Program {
  const backings = parts.backings ?? ['shmem'];
  return program('create', {
    /** i915_gem_create_ioctl / i915_gem_userptr_ioctl (the user has touched the memory it wraps). */
    create: (k, f) => {
      const backing = BACKINGS[f.arg];
      if (backing === undefined || !backings.includes(backing)) {
        f.ret = E.INVAL;
        return DONE;
      }
      f.obj = objCreate(k, backing);
      if (backing === 'userptr') touchRange(k, f.obj as ObjectId);
    },
  });
}

/** `i915_gem_madvise_ioctl`: DONTNEED on an object without pages truncates it at once. */
export function madviseProgram(parts: I915Parts): Program {
  return program('madvise', {
    lock: lockStep(parts),
    madvise: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.madv !== MADV.PURGED) o.madv = f.arg === 1 ? MADV.DONTNEED : MADV.WILLNEED;
      if (o.madv === MADV.DONTNEED && o.sg === NONE) o.madv = MADV.PURGED;
      k.touch(o);
    },
    unlock: unlockStep(parts),
  });
}

/** `i915_gem_fault`: a CPU fault on a GTT mmap binds the object into the GGTT (mmap_lock held by the core). */
export function faultProgram(parts: I915Parts): Program {
  return program('fault', {
    lock: lockStep(parts),
    bind: (k, f) => k.call('vma_bind', f.obj, 0, 0),
    unlock: unlockStep(parts),
  });
}

/**
 * `close` folds in the free: drop the handle, wait (without locks) for other references and the
 * GPU to go, as the last unreference did, then unbind everything, release the pages and free. An
 * exported object stays: its dma-buf holds a reference (drm_gem_prime_export) and the model never
 * closes the dma-buf's file.
 */
export function closeProgram(parts: I915Parts): Program {
  return program('close', {
    drop_handle: (k, f) => {
      objClose(k, f.obj as ObjectId);
      f.vm = 0; // the unbind loop below walks every address space from the first
      if (objAt(k.w, f.obj).dmabuf !== NONE) return DONE;
    },
    wait_idle: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.active > 0 || o.refs > 1 || o.work !== NONE) return BLOCK;
    },
    lock: lockStep(parts),
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
    /** pages_pin_count forced to 0, put_pages, free. */
    put_pages: (k, f) => {
      const o = objAt(k.w, f.obj);
      o.pagesPin = 0;
      k.policy.putPages(k, o.id);
      objFree(k, o.id);
    },
    unlock: unlockStep(parts),
  });
}
