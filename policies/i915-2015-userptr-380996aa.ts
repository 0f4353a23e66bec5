import { i915Userptr } from './i915-userptr/policy.ts';

/**
 * i915 userptr after commit 380996aab50e "drm/i915: Use a task to cancel the userptr on
 * invalidate_range" (Oct 2015) until 484d9a844d0d (2019): to avoid a struct_mutex deadlock the
 * callback only queues the teardown and returns, leaving "a small but definite period in time in
 * which the old PTE's page remain accessible via the GPU" (KERNEL.md B20).
 */
export const i915_2015_userptr_async = i915Userptr({
  name: 'i915-2015-userptr-380996aa',
  summary: 'userptr: the notifier queues the teardown and returns while the GPU still maps the pages',
  source: 'commit 380996aab50eea1d66269e1633cd2f971f06da6d; fixed by 484d9a844d0d (KERNEL.md B20)',
  // Until the queued cancel runs, binds still write PTEs from the stale pages: SEQ-PUBLISH too.
  expects: ['INV-COMPLETE', 'INV-NO-STALE-IOMMU', 'SEQ-PUBLISH'],
  twin: 'i915-2019-userptr-484d9a8',
  invalidate: 'queued',
  tokenCheck: true,
  dirtyFirst: false,
});
