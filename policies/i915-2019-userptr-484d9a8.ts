import { i915Userptr, USERPTR_RACE_WEIGHTS } from './i915-userptr/policy.ts';

/**
 * i915 userptr after commit 484d9a844d0d "drm/i915/userptr: Avoid struct_mutex recursion for
 * mmu_invalidate_range_start" (Jan 2019, bugs.freedesktop.org 108375): the notifier tears everything
 * down inside the callback (unbind, then put_pages: unmap, dirty, unpin), and the worker publishes
 * only while its work item is current. What Vetter describes in seed 001: "we call
 * set_page_dirty/mark_page_accessed only after all the mappings are really gone".
 *
 * The callback is `invalidate_range_start` only, and the work token cannot tell a worker queued
 * after it returned from one queued before the invalidation: such a worker gathers the range
 * before the core mm zaps it and publishes the pages about to go (SEQ-PUBLISH). This is a model
 * finding, not an upstream-reported i915 bug: it is the range_start-only race Glisse's
 * mmu_notifier_fixes merge (ea25c4317946, 2017) describes of such users. (The i915 comment "we do not
 * (yet) protect the mmu from concurrent insertion over this range" sits in the interval-tree walk
 * and concerns whether that walk terminates, not this race; the get_pages comment calls userspace
 * replacing its pages under a bound userptr "Their loss".) i915 left this design in its 2021
 * rewrite onto mmu_interval_notifier (ed29c2691188); `i915-2019-userptr-interval-seq` adds the
 * sequence to this code instead.
 */
export const i915_2019_userptr = i915Userptr({
  name: 'i915-2019-userptr-484d9a8',
  summary:
    'userptr: teardown in range_start only; a worker queued after it publishes pages about to go (SEQ-PUBLISH is a model finding, not an upstream-reported bug)',
  source: 'commit 484d9a844d0d0aeaa4cd3cec20885b7de9986a55; seed 001 (Vetter on i915 userptr); merge ea25c4317946',
  expects: ['SEQ-PUBLISH'],
  twin: 'i915-2019-userptr-interval-seq',
  provenance: {
    kind: 'commit',
    id: '484d9a844d0d',
    title: 'drm/i915/userptr: Avoid struct_mutex recursion for mmu_invalidate_range_start',
    // The 2021 rewrite onto mmu_interval_notifier, which replaced this design; no commit fixed
    // SEQ-PUBLISH as a reported bug.
    fixedBy: 'ed29c2691188',
  },
  simplifications: [
    'SEQ-PUBLISH is a model finding (the range_start-only race of ea25c4317946), not an upstream-reported i915 bug; fixedBy names the 2021 rewrite that replaced the design.',
    'The worker publishes under struct_mutex (v4.4, 4.8-era); v5.2 publishes under obj->mm.lock.',
    'get_pages always defers to the worker: the __get_user_pages_fast first try of v5.2 is not modelled.',
  ],
  invalidate: 'sync',
  tokenCheck: true,
  dirtyFirst: false,
  weights: USERPTR_RACE_WEIGHTS,
  config: { maxObjects: 2 },
});
