import { i915Userptr, USERPTR_RACE_WEIGHTS } from './i915-userptr/policy.ts';

/**
 * i915 userptr after commit 484d9a844d0d (Jan 2019, bugs.freedesktop.org 108375): the notifier
 * tears everything down inside the callback (unbind, then put_pages: unmap, dirty, unpin), and the
 * worker publishes only while its work item is current. What Vetter describes in seed 001: "we
 * call set_page_dirty/mark_page_accessed only after all the mappings are really gone".
 *
 * The callback is `invalidate_range_start` only, and the work token cannot tell a worker queued
 * after it returned from one queued before the invalidation: such a worker gathers the range
 * before the core mm zaps it and publishes the pages about to go (SEQ-PUBLISH). Glisse's
 * mmu_notifier_fixes merge (ea25c4317946, 2017) describes exactly this of range_start-only users;
 * the i915 code itself conceded "we do not (yet) protect the mmu from concurrent insertion over
 * this range". Found by the fuzzer here; `i915-2019-userptr-interval-seq` adds the sequence.
 */
export const i915_2019_userptr = i915Userptr({
  name: 'i915-2019-userptr-484d9a8',
  summary: 'userptr: teardown in range_start only; a worker queued after it publishes pages about to go',
  source: 'commit 484d9a844d0d0aeaa4cd3cec20885b7de9986a55; seed 001 (Vetter on i915 userptr); merge ea25c4317946',
  expects: ['SEQ-PUBLISH'],
  twin: 'i915-2019-userptr-interval-seq',
  invalidate: 'sync',
  tokenCheck: true,
  dirtyFirst: false,
  weights: USERPTR_RACE_WEIGHTS,
  config: { maxObjects: 2 },
});
