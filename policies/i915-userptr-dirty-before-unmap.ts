import { i915Userptr } from './i915-userptr/policy.ts';

/**
 * A userptr put_pages that marks the pages dirty and accessed before tearing down the IOMMU
 * mapping: the order Vetter's rule in seed 001 forbids, and the shape of the userptr dirtying
 * bugs of KERNEL.md B04 (dirty-before-teardown variant): a GPU write landing after the dirty is
 * never written back. Everything else is `i915-2019-userptr-interval-seq`, its twin.
 */
export const i915_userptr_dirty_first = i915Userptr({
  name: 'i915-userptr-dirty-before-unmap',
  summary: 'userptr put_pages dirties pages before unmapping them',
  source: 'seed 001 (Vetter, 20 Mar 2018); KERNEL.md B04 (bugzilla.kernel.org 203317, fdo 112012)',
  expects: ['DIRTY-AFTER-TEARDOWN'],
  twin: 'i915-2019-userptr-interval-seq',
  invalidate: 'sync',
  tokenCheck: true,
  dirtyFirst: true,
  intervalSeq: true,
});
