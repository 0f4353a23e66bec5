import {
  BLOCK,
  clearPtes,
  DONE,
  E,
  type Kernel,
  NONE,
  type ObjectId,
  objAt,
  pinPages,
  program,
  unpinPages,
  type VmaId,
  type VmId,
  vmaAt,
  vmaLookupOrCreate,
  writePtes,
} from '../../model/index.ts';
import type { I915Parts } from './parts.ts';

/** The object's VMA in `vm`, or NONE. */
export function vmaIn(k: Kernel, obj: number, vm: number): VmaId | -1 {
  return objAt(k.w, obj).vmas[vm] ?? NONE;
}

/** The next bound VMA of an object in an address space >= `from`, as [vm, vma]. */
export function nextBound(k: Kernel, obj: number, from: number): [number, VmaId] | undefined {
  const vmas = objAt(k.w, obj).vmas;
  for (let vm = from; vm < vmas.length; vm++) {
    const id = vmas[vm] as VmaId | -1;
    if (id !== NONE && vmaAt(k.w, id).bound) return [vm, id];
  }
  return undefined;
}

/** `i915_gem_object_bind_to_vm` + `i915_vma_bind`, called with struct_mutex held. */
export function vmaBindProgram(parts: I915Parts) {
  return program('vma_bind', {
    /**
     * Nothing to do if the VMA is already bound: the caller looked it up before taking
     * struct_mutex, and i915_gem_object_pin re-checks under it (drm_mm_node_allocated).
     * Else get_pages, then pin them for as long as the VMA is bound.
     */
    get_pages: (k, f) => {
      const id = vmaIn(k, f.obj, f.vm);
      if (id !== NONE && vmaAt(k.w, id).bound) return DONE;
      const ret = k.policy.getPages(k, f.obj as ObjectId, f.arg === 1);
      if (ret < 0) {
        f.ret = ret;
        return DONE;
      }
      pinPages(k, f.obj as ObjectId);
    },
    /** drm_mm_insert_node (eviction not modelled), then gtt_prepare_object where the era had it. */
    insert_node: (k, f) => {
      f.vma = vmaLookupOrCreate(k, f.obj as ObjectId, f.vm as VmId);
      const ret = parts.prepareBind?.(k, f.obj as ObjectId) ?? 0;
      if (ret < 0) {
        unpinPages(k, f.obj as ObjectId);
        f.ret = ret;
        return DONE;
      }
    },
    /** vm->insert_entries: PTEs from the sg table's DMA addresses. */
    write_ptes: (k, f) => {
      writePtes(k, f.vma as VmaId);
    },
  });
}

/** `i915_vma_unbind`, called with struct_mutex held. */
export function vmaUnbindProgram(parts: I915Parts) {
  return program('vma_unbind', {
    /** -EBUSY when pinned; waits (struct_mutex held) for the GPU to finish with the VMA. */
    wait_idle: (k, f) => {
      const id = vmaIn(k, f.obj, f.vm);
      if (id === NONE || !vmaAt(k.w, id).bound) return DONE;
      const v = vmaAt(k.w, id);
      if (v.pin > 0) {
        f.ret = E.BUSY;
        return DONE;
      }
      if (v.active > 0) return BLOCK;
      f.vma = id;
    },
    /** vm->unbind_vma, gtt_finish_object where the era had it, then unpin the pages. */
    clear_ptes: (k, f) => {
      clearPtes(k, f.vma as VmaId);
      parts.finishUnbind?.(k, f.obj as ObjectId, objAt(k.w, f.obj).bindCount === 0);
      unpinPages(k, f.obj as ObjectId);
    },
  });
}
