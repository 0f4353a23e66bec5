import {
  BLOCK,
  cpuRead,
  cpuWrite,
  E,
  MADV,
  mightFault,
  NONE,
  type ObjectId,
  objAt,
  objMarkDirty,
  type PolicyOp,
  type Program,
  pinPages,
  program,
  retargetObj,
  sgAt,
  unpinPages,
  usable,
  type VmaId,
  vmaAt,
  vmaPin,
  vmaUnpin,
} from '../../model/index.ts';
import { lockStep, unlockStep } from './ioctls.ts';
import type { I915Parts } from './parts.ts';
import { vmaIn } from './vma.ts';

/**
 * Operations the i915 driver has and the built-in op kinds lack, declared as a policy's own ops
 * (`Policy.ops`): a display-plane pin that outlives the ioctl that took it, the set-domain ioctl, and
 * pread/pwrite. Read in drivers/gpu/drm/i915/i915_gem.c of v3.18-v4.2 (the struct_mutex era this
 * family models; the same functions moved to gem/i915_gem_domain.c in v5.4).
 */

/**
 * `i915_gem_object_pin_to_display_plane` (i915_gem.c): under struct_mutex, mark `obj->pin_display`,
 * bind the object into the GGTT (`i915_gem_object_ggtt_pin`, map_and_fenceable) and keep that VMA
 * pinned until the plane lets go of it; then `i915_gem_object_flush_cpu_write_domain`. The pin is
 * held across ioctls, so the shrinker and every unbind must skip the VMA until
 * `i915_gem_object_unpin_from_display_plane` (PINNED-STAYS).
 *
 * Simplified: the cache-level change to uncached (`set_cache_level(I915_CACHE_NONE)`) and the CPU
 * write-domain flush are not modelled (the model has no cache levels or write domains); the modeset
 * code that calls it is one op.
 */
function pinForScanout(parts: I915Parts): Program {
  return program('pin_for_scanout', {
    lock: lockStep(parts),
    bind: (k, f) => {
      const id = vmaIn(k, f.obj, 0);
      if (id === NONE || !vmaAt(k.w, id).bound) return k.call('vma_bind', f.obj, 0, 0);
    },
    /** `vma->pin_count++` and `obj->pin_display++`, once the GGTT VMA is bound. */
    pin: (k, f) => {
      const id = vmaIn(k, f.obj, 0);
      if (f.ret < 0 || id === NONE || !vmaAt(k.w, id).bound) return;
      vmaPin(k, id);
      objAt(k.w, f.obj).pinDisplay++;
    },
    unlock: unlockStep(parts),
  });
}

/** `i915_gem_object_unpin_from_display_plane`: drop the plane's pin of the GGTT VMA, under struct_mutex. */
function unpinFromScanout(parts: I915Parts): Program {
  return program('unpin_from_scanout', {
    lock: lockStep(parts),
    unpin: (k, f) => {
      const o = objAt(k.w, f.obj);
      const id = vmaIn(k, f.obj, 0);
      if (o.pinDisplay === 0 || id === NONE) {
        f.ret = E.INVAL;
        return;
      }
      o.pinDisplay--;
      vmaUnpin(k, id as VmaId);
    },
    unlock: unlockStep(parts),
  });
}

/**
 * `i915_gem_set_domain_ioctl` (i915_gem.c): under struct_mutex, `i915_gem_object_set_to_gtt_domain`
 * (arg 1; "you're not bound, there was nothing to do" is promoted to success) or
 * `i915_gem_object_set_to_cpu_domain` (arg 0). Both first wait for rendering
 * (`i915_gem_object_wait_rendering`) with struct_mutex held, then flush the other domain's writes:
 * the CPU domain clflushes the pages if they are there, which is a read of them by the CPU.
 *
 * Simplified: the wait is for every job using the object (the kernel's read-only wait of a read
 * domain waits only for the last write); domains are not tracked, so every call flushes.
 */
function setDomain(parts: I915Parts): Program {
  return program('set_domain', {
    lock: lockStep(parts),
    /** i915_gem_object_wait_rendering, struct_mutex held (the GPU's completion path takes no lock). */
    wait_rendering: (k, f) => {
      if (objAt(k.w, f.obj).active > 0) return BLOCK;
    },
    flush: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (f.arg === 1) {
        const id = vmaIn(k, f.obj, 0);
        // set_to_gtt_domain: -EINVAL when unbound, which the ioctl promotes to 0.
        if (id === NONE || !vmaAt(k.w, id).bound) return;
      }
      // i915_gem_clflush_object: only when the object has pages.
      if (o.sg !== NONE) for (const p of sgAt(k.w, o.sg).pages) cpuRead(k, p);
    },
    unlock: unlockStep(parts),
  });
}

/**
 * `i915_gem_pread_ioctl` / `i915_gem_pwrite_ioctl` through shmem (i915_gem_shmem_pread,
 * i915_gem_shmem_pwrite): under struct_mutex, `i915_gem_obj_prepare_shmem_read` waits for rendering,
 * gets the pages and pins them (`i915_gem_object_pin_pages`); the copy's slow path drops
 * struct_mutex around `copy_to_user` / `copy_from_user` (which may fault: "we cannot perform this
 * under struct_mutex"), with the pages still pinned, and takes it again; the pages are unpinned at
 * the end. pwrite marks the object dirty (`obj->dirty = 1`), so put_pages writes the pages back.
 *
 * Simplified: the fast path (kmap_atomic under struct_mutex) is not modelled, only the slow path
 * that drops the lock; the GTT pwrite path (for objects bound and not in the CPU domain) is not
 * modelled; prime objects (-EINVAL: no backing filp) are not generated here.
 */
function shmemCopy(name: 'pread' | 'pwrite', parts: I915Parts): Program {
  const write = name === 'pwrite';
  return program(name, {
    lock: lockStep(parts),
    wait_rendering: (k, f) => {
      if (objAt(k.w, f.obj).active > 0) return BLOCK;
    },
    /** i915_gem_object_get_pages, then i915_gem_object_pin_pages. */
    get_pages: (k, f) => {
      const ret = k.policy.getPages(k, f.obj as ObjectId);
      if (ret < 0) {
        f.ret = ret;
        return 'unlock';
      }
      pinPages(k, f.obj as ObjectId);
    },
    /** The slow path: mutex_unlock(&dev->struct_mutex) before touching user memory. */
    drop_lock: unlockStep(parts),
    copy: (k, f) => {
      mightFault(k);
      const o = objAt(k.w, f.obj);
      for (const p of sgAt(k.w, o.sg).pages) {
        if (write) cpuWrite(k, p);
        else cpuRead(k, p);
      }
    },
    relock: lockStep(parts),
    /** i915_gem_object_unpin_pages; pwrite: `obj->dirty = 1`. */
    unpin: (k, f) => {
      if (write) objMarkDirty(k, f.obj as ObjectId);
      unpinPages(k, f.obj as ObjectId);
    },
    unlock: unlockStep(parts),
  });
}

/** A shmem object with a handle, not purged: what the ioctls above accept. */
function live(w: Parameters<PolicyOp['ready']>[0], obj: number): boolean {
  return usable(w, obj) && objAt(w, obj).madv !== MADV.PURGED;
}

/** The op on the first live object from `op.obj` on, cyclically (deterministic, shrinks with `obj`). */
function retargetLive(w: Parameters<PolicyOp['ready']>[0], op: Parameters<PolicyOp['ready']>[1]) {
  return retargetObj(w, op, (o) => live(w, o));
}

const userObj = { ctx: 'user', obj: true, vm: 'none', arg: 'none', preempt: true } as const;

/** The op declarations (`Policy.ops`) for the programs of `displayPrograms`. */
export const DISPLAY_OPS: readonly PolicyOp[] = [
  {
    kind: 'pin_for_scanout',
    contexts: ['U0', 'U1'],
    summary:
      'pin an object into the GGTT for scanout (i915_gem_object_pin_to_display_plane); the pin outlives the ioctl',
    lookup: true,
    weight: 2,
    domain: userObj,
    phrase: 'pins obj#{obj} into the ggtt for scanout (display plane)',
    ready: (w, op) => live(w, op.obj),
    retarget: (w, op) => retargetLive(w, op),
  },
  {
    kind: 'unpin_from_scanout',
    contexts: ['U0', 'U1'],
    summary: 'the display plane lets go of an object (i915_gem_object_unpin_from_display_plane)',
    lookup: true,
    weight: 1,
    domain: userObj,
    phrase: 'unpins obj#{obj} from scanout',
    ready: (w, op) => usable(w, op.obj) && objAt(w, op.obj).pinDisplay > 0,
    retarget: (w, op) => retargetObj(w, op, (o) => usable(w, o) && objAt(w, o).pinDisplay > 0),
  },
  {
    kind: 'set_domain',
    contexts: ['U0', 'U1'],
    summary: 'move an object to the CPU or GTT domain (i915_gem_set_domain_ioctl): wait for the GPU, then flush',
    arg: '0 the CPU domain, 1 the GTT domain',
    lookup: true,
    weight: 1,
    domain: { ...userObj, arg: 'bit' },
    phrase: (op) =>
      `set_domain obj#${op.obj} to the ${op.arg === 1 ? 'GTT' : 'CPU'} domain (waits for the GPU, flushes)`,
    ready: (w, op) => usable(w, op.obj),
    retarget: (w, op) => retargetObj(w, op, (o) => usable(w, o)),
  },
  {
    kind: 'pread',
    contexts: ['U0', 'U1'],
    summary: "copy an object's pages to user memory (i915_gem_pread_ioctl, shmem path)",
    lookup: true,
    weight: 1,
    domain: userObj,
    phrase: 'preads obj#{obj} (copy_to_user from its pinned pages, struct_mutex dropped)',
    ready: (w, op) => live(w, op.obj),
    retarget: (w, op) => retargetLive(w, op),
  },
  {
    kind: 'pwrite',
    contexts: ['U0', 'U1'],
    summary: "copy user memory into an object's pages (i915_gem_pwrite_ioctl, shmem path)",
    lookup: true,
    weight: 1,
    domain: userObj,
    phrase: 'pwrites obj#{obj} (copy_from_user into its pinned pages, struct_mutex dropped)',
    ready: (w, op) => live(w, op.obj),
    retarget: (w, op) => retargetLive(w, op),
  },
];

/** The programs the display ops start. */
export function displayPrograms(parts: I915Parts = {}): Record<string, Program> {
  return {
    pin_for_scanout: pinForScanout(parts),
    unpin_from_scanout: unpinFromScanout(parts),
    set_domain: setDomain(parts),
    pread: shmemCopy('pread', parts),
    pwrite: shmemCopy('pwrite', parts),
  };
}
