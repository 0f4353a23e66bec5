import { i915Userptr } from './i915-userptr/policy.ts';

/**
 * i915 userptr after commit 484d9a844d0d (Jan 2019, bugs.freedesktop.org 108375): the notifier
 * tears everything down inside the callback (unbind, then put_pages: unmap, dirty, unpin), and the
 * worker publishes only while its work item is current. What Vetter describes in seed 001: "we
 * call set_page_dirty/mark_page_accessed only after all the mappings are really gone".
 */
export const i915_2019_userptr = i915Userptr({
  name: 'i915-2019-userptr-484d9a8',
  summary: 'userptr: the notifier unbinds and unmaps before dirtying; the worker checks its token',
  source: 'commit 484d9a844d0d0aeaa4cd3cec20885b7de9986a55; seed 001 (Vetter on i915 userptr)',
  expects: [],
  invalidate: 'sync',
  tokenCheck: true,
  dirtyFirst: false,
});
