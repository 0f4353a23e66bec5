import { i915Userptr } from './i915-userptr/policy.ts';

/**
 * Constructed: a userptr worker that publishes whatever it gathered, without i915's token check
 * (`obj->userptr.work == &work->work` in __i915_gem_userptr_get_pages_worker, which an invalidation
 * resets "to cancel any inflight work and force them to restart their gup"). The check is in every
 * version read, from the userptr ioctl's introduction (about 3.17/3.18) to v5.2: no i915 release
 * lacked it. Pages gathered before an invalidation get mapped for the GPU although the process no
 * longer maps them (KERNEL.md B11). The twin is `i915-2019-userptr-interval-seq`, which has the token
 * and the interval sequence, so the pair isolates the token together with the range_start race that
 * `i915-2019-userptr-484d9a8` (token, no sequence) still has.
 */
export const i915_userptr_no_token = i915Userptr({
  name: 'i915-userptr-worker-without-token',
  summary:
    "constructed: worker without i915's token check (present since the userptr ioctl was introduced) publishes pages gathered before an invalidation",
  source: 'i915_gem_userptr.c __i915_gem_userptr_get_pages_worker token check (3.18 to v5.2), omitted; KERNEL.md B11',
  expects: ['SEQ-PUBLISH'],
  twin: 'i915-2019-userptr-interval-seq',
  provenance: {
    kind: 'constructed',
    rule: 'the userptr worker publishes its pages only if its work item is still current',
    where:
      'drivers/gpu/drm/i915/i915_gem_userptr.c __i915_gem_userptr_get_pages_worker (obj->userptr.work == &work->work)',
  },
  simplifications: [],
  invalidate: 'sync',
  tokenCheck: false,
  dirtyFirst: false,
});
