import {
  BLOCK,
  DONE,
  E,
  fenceCreate,
  MUTEX,
  mightFault,
  mutexLock,
  mutexUnlock,
  NONE,
  type ObjectId,
  objAt,
  objMarkDirty,
  type Program,
  program,
  resvAddFence,
  resvLock,
  resvUnlock,
  type Step,
  USAGE,
  type VmaId,
  vmaAt,
  vmaPin,
  vmaUnpin,
} from '../../model/index.ts';
import type { I915Parts } from './parts.ts';
import { vmaIn } from './vma.ts';

/** Each user context submits to its own timeline (fence context). */
export function timelineOf(ctx: number): number {
  return ctx;
}

/**
 * Command submission (KERNEL.md §2.3): reserve the object (E1-E2), bind and pin its VMA (E3),
 * create the job's fence and add it to the reservation while held (E4-E6), unlock and unpin (E7-E8);
 * the VMA stays active until the fence signals. In the struct_mutex era all of it also ran under
 * `dev->struct_mutex`. `parts.relocs` places the read of the relocations from user memory;
 * `parts.userptrCsCheck` adds amdgpu's notifier-lock check around the fence add.
 */
export function execbufProgram(parts: I915Parts): Program {
  const bigLock = parts.lock !== 'resv';
  const steps: Record<string, Step> = {};
  const relocs: Step = (k) => {
    mightFault(k);
  };
  if (parts.relocs === 'before-locks') steps.copy_relocs = relocs;
  if (bigLock) {
    steps.mutex_lock = (k) => {
      if (mutexLock(k, MUTEX.struct_mutex) < 0) return BLOCK;
    };
    // i915_gem_execbuffer_relocate ran under struct_mutex, before any reservation.
    if (parts.relocs === 'under-locks') steps.copy_relocs = relocs;
  }
  steps.lock = (k, f) => {
    if (resvLock(k, objAt(k.w, f.obj).resv) === E.BUSY) return BLOCK;
  };
  if (!bigLock && parts.relocs === 'under-locks') steps.copy_relocs = relocs;
  steps.bind = (k, f) => {
    const id = vmaIn(k, f.obj, f.vm);
    if (id === NONE || !vmaAt(k.w, id).bound) return k.call('vma_bind', f.obj, f.vm, 0);
  };
  steps.pin = (k, f) => {
    const id = vmaIn(k, f.obj, f.vm);
    if (f.ret < 0 || id === NONE || !vmaAt(k.w, id).bound) {
      resvUnlock(k, objAt(k.w, f.obj).resv);
      return bigLock ? 'mutex_unlock' : DONE;
    }
    vmaPin(k, id);
    f.vma = id;
    parts.validate?.(k, f.obj as ObjectId);
  };
  if (parts.userptrCsCheck === true) {
    steps.mn_lock = (k, f) => {
      if (objAt(k.w, f.obj).ustart === NONE) return 'submit';
      if (mutexLock(k, MUTEX.notifier_lock) < 0) return BLOCK;
      f.seq = 1;
    };
    /** amdgpu_ttm_tt_userptr_needs_pages: the notifier hit the BO since its pages were gathered. */
    steps.mn_check = (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.pagesSeq === o.useq) return;
      mutexUnlock(k, MUTEX.notifier_lock);
      f.seq = 0;
      vmaUnpin(k, f.vma as VmaId);
      resvUnlock(k, o.resv);
      f.ret = E.AGAIN;
      return bigLock ? 'mutex_unlock' : DONE;
    };
  }
  steps.submit = (k, f) => {
    const o = objAt(k.w, f.obj);
    const write = f.arg === 1;
    const fence = fenceCreate(k, timelineOf(k.ctx), [f.vma as VmaId], write);
    f.fence = fence;
    resvAddFence(k, o.resv, fence, write ? USAGE.WRITE : USAGE.READ);
    if (write) objMarkDirty(k, o.id);
  };
  if (parts.userptrCsCheck === true) {
    steps.mn_unlock = (k, f) => {
      if (f.seq === 1) mutexUnlock(k, MUTEX.notifier_lock);
      f.seq = 0;
    };
  }
  steps.unlock = (k, f) => {
    resvUnlock(k, objAt(k.w, f.obj).resv);
    vmaUnpin(k, f.vma as VmaId);
  };
  if (bigLock) {
    steps.mutex_unlock = (k) => {
      mutexUnlock(k, MUTEX.struct_mutex);
    };
  }
  return program('execbuf', steps);
}
