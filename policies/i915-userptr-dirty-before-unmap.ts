import { i915Userptr } from './i915-userptr/policy.ts';

/**
 * Constructed: a userptr put_pages that marks the pages dirty and accessed before tearing down the
 * IOMMU mapping, the order Vetter's rule in seed 001 forbids: a GPU write landing after the dirty is
 * never written back. No i915 version did this: every userptr put_pages read (v4.x; v5.2, which
 * unmaps in `i915_gem_gtt_finish_pages` and then calls `set_page_dirty` under `trylock_page`;
 * torvalds/linux gem/i915_gem_userptr.c) unmaps before dirtying. The userptr dirtying bugs of
 * KERNEL.md B04 (bugzilla.kernel.org 203317, fdo 112012) concern `set_page_dirty` without the page
 * lock (DIRTY-LOCKED), not this order. Everything else is `i915-2019-userptr-interval-seq`, its twin,
 * which differs only in the order.
 */
export const i915_userptr_dirty_first = i915Userptr({
  name: 'i915-userptr-dirty-before-unmap',
  summary: 'constructed: put_pages dirties before unmapping (the order seed 001 forbids); no i915 version did this',
  source: 'seed 001 (Vetter, 20 Mar 2018); i915_gem_userptr.c put_pages order (v4.x, v5.2)',
  expects: ['DIRTY-AFTER-TEARDOWN'],
  twin: 'i915-2019-userptr-interval-seq',
  provenance: {
    kind: 'constructed',
    rule: 'pages are dirtied only after every IOMMU mapping and GPU PTE of them is gone',
    where: 'seed 001 (Vetter, dri-devel 20 Mar 2018); i915_gem_userptr.c put_pages (v4.x, v5.2)',
  },
  simplifications: [],
  invalidate: 'sync',
  tokenCheck: true,
  dirtyFirst: true,
  intervalSeq: true,
});
