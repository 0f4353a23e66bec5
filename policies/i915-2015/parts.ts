import type { Backing, Kernel, ObjectId } from '../../model/index.ts';

/**
 * The GEM paths of the i915 driver (drivers/gpu/drm/i915/i915_gem.c of v3.12-v4.2 and their later
 * shape), shared by the policies that differ only where history changed them:
 * - what bind does between allocating the node and writing the PTEs (`i915_gem_gtt_prepare_object`,
 *   the `dma_map_sg`, until commit e2273302 moved it into get_pages);
 * - what unbind does after clearing the PTEs (`i915_gem_gtt_finish_object`, the `dma_unmap_sg`:
 *   on every unbind before commit 9490edb, on the last one after it, in put_pages after e2273302);
 * - what the ioctls serialise on: `dev->struct_mutex` (every GEM ioctl until 2019, the shrinker
 *   only trylocking it) or the object's reservation (i915 since 2021, and TTM drivers).
 * get_pages and put_pages are the policy's own (`k.policy.getPages`). Policies replace whole
 * programs (the shrinker, the notifier callback, the worker) by spreading over the result.
 * @category Policies
 */
export interface I915Parts {
  /** What ioctls serialise on (default `struct_mutex`). */
  readonly lock?: 'struct_mutex' | 'resv';
  /** Backing kinds `create` accepts (default shmem). */
  readonly backings?: readonly Backing[];
  /** Bind, after the node is inserted and before the PTEs are written. Returns 0 or -errno. */
  readonly prepareBind?: (k: Kernel, obj: ObjectId) => number;
  /** Unbind, after the PTEs are cleared; `last` when no other VMA of the object is bound. */
  readonly finishUnbind?: (k: Kernel, obj: ObjectId, last: boolean) => void;
  /**
   * Where execbuf reads its relocations from user memory (copy_from_user, which may fault): before
   * taking any lock, or under the locks (the inversion of KERNEL.md B16). Default: not modelled.
   */
  readonly relocs?: 'before-locks' | 'under-locks';
  /**
   * Command submission checks its userptr objects under the driver's notifier lock, after the page
   * tables are written: take the lock, fail with -EAGAIN if the notifier hit the object since its
   * pages were gathered (`amdgpu_ttm_tt_userptr_needs_pages`), add the job's fence, and only then
   * drop the lock (amdgpu_cs_submit since 3fe89771cb0a "drm/amdgpu: stop reserving the BO in the
   * MMU callback v3"). The notifier callback takes the same lock, so it either sees the fence or
   * the CS sees its invalidation.
   */
  readonly userptrCsCheck?: boolean;
  /**
   * Command submission, once the object's VMA is bound and pinned and before the job is queued:
   * what the driver's validate does beyond placing the buffer (nouveau_bo_validate calls
   * `nouveau_bo_sync_for_device` after `ttm_bo_validate`, handing CPU writes to a non-coherent GPU).
   */
  readonly validate?: (k: Kernel, obj: ObjectId) => void;
}
