import { i915Userptr } from './i915-userptr/policy.ts';

/**
 * A userptr worker that publishes whatever it gathered, without i915's token check
 * (`obj->userptr.work == &work->work` in __i915_gem_userptr_get_pages_worker, v4.x, which an
 * invalidation resets "to cancel any inflight work and force them to restart their gup"). Pages
 * gathered before an invalidation get mapped for the GPU although the process no longer maps them
 * (KERNEL.md B11; the same path's page cache was fixed in e2273302 v3).
 */
export const i915_userptr_no_token = i915Userptr({
  name: 'i915-userptr-worker-without-token',
  summary: 'userptr worker publishes pages gathered before an invalidation (no token check)',
  source: 'i915_gem_userptr.c __i915_gem_userptr_get_pages_worker token check (v4.x), omitted; KERNEL.md B11',
  expects: ['SEQ-PUBLISH'],
  twin: 'i915-2019-userptr-484d9a8',
  invalidate: 'sync',
  tokenCheck: false,
  dirtyFirst: false,
});
