import { i915Userptr } from './i915-userptr/policy.ts';

/**
 * i915 userptr after commit 380996aab50e "drm/i915: Use a task to cancel the userptr on
 * invalidate_range" (Oct 2015), until the callback began to flush_workqueue the cancel work (present
 * by a 4.8-era tree; commit not identified): to avoid a struct_mutex deadlock the callback only
 * queues the teardown and returns, leaving "a small but definite period in time in which the old
 * PTE's page remain accessible via the GPU" (KERNEL.md B20). The v4.4 code queues `cancel_userptr`
 * with `schedule_work`; a 4.8-era tree queues it on a private workqueue and flushes it before
 * returning. The twin, 484d9a844d0d (2019), is a later synchronous design, not the fix of this
 * window. The model frees no pages here, which matches the commit ("not ... writing to the wrong
 * pages").
 */
export const i915_2015_userptr_async = i915Userptr({
  name: 'i915-2015-userptr-380996aa',
  summary: 'userptr: the notifier queues the teardown and returns while the GPU still maps the pages',
  source:
    'commit 380996aab50eea1d66269e1633cd2f971f06da6d; window closed when the callback began to flush_workqueue the cancel (by a 4.8-era tree; commit not identified); KERNEL.md B20',
  // Until the queued cancel runs, binds still write PTEs from the stale pages: SEQ-PUBLISH too.
  expects: ['INV-COMPLETE', 'INV-NO-STALE-IOMMU', 'SEQ-PUBLISH'],
  twin: 'i915-2019-userptr-484d9a8',
  provenance: {
    kind: 'commit',
    id: '380996aab50e',
    title: 'drm/i915: Use a task to cancel the userptr on invalidate_range',
    // Not the fix of this window (a flush_workqueue in the callback, commit not identified): the
    // later synchronous design that removed the queued cancel altogether.
    fixedBy: '484d9a844d0d',
  },
  simplifications: [
    'fixedBy names 484d9a844d0d, a later synchronous design; the window closed earlier, when the callback began to flush_workqueue the cancel (commit not identified).',
    'The invalidation resets the work token at once (queuedInvalidate); in 380996aa the queued task resets it under struct_mutex, so the kernel was slightly more exposed than the model.',
  ],
  invalidate: 'queued',
  tokenCheck: true,
  dirtyFirst: false,
});
