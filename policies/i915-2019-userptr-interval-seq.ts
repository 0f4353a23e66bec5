import { i915Userptr, USERPTR_RACE_WEIGHTS } from './i915-userptr/policy.ts';

/**
 * The 2019 i915 userptr paths (484d9a844d0d) with the collision-retry pattern their
 * `invalidate_range_start`-only notifier lacked: the callback records the invalidation with
 * `mmu_interval_set_seq` under struct_mutex, and the worker reads the sequence before its GUP
 * (`mmu_interval_read_begin`, which sleeps out an invalidation in progress) and publishes only if
 * `mmu_interval_read_retry` is false under struct_mutex. This is the design rule, not an i915
 * commit: Glisse's mmu_notifier_fixes merge (ea25c4317946, 2017) names the race and the remedy
 * ("use some kind of sequence number and active range invalidation counter to block anything that
 * might undo what the range_start() callback did"), and include/linux/mmu_notifier.h packages it.
 * i915 itself moved to `mmu_interval_notifier` in its 2021 userptr rewrite, whose callback no
 * longer unbinds ("we will unbind on next submission, still have userptr pins"); that design is
 * not modelled here.
 */
export const i915_2019_userptr_seq = i915Userptr({
  name: 'i915-2019-userptr-interval-seq',
  summary:
    'userptr: 484d9a8 plus the interval-sequence retry (design rule from mmu_notifier.h / ea25c4317946, never an i915 commit)',
  source: 'commit 484d9a844d0d; merge ea25c4317946 (Glisse, mmu_notifier_fixes); include/linux/mmu_notifier.h',
  expects: [],
  twin: 'i915-2019-userptr-484d9a8',
  provenance: {
    kind: 'design',
    thread: 'merge ea25c4317946 (Glisse, mmu_notifier_fixes, 2017); include/linux/mmu_notifier.h',
    title:
      'sequence number and active-range counter to block what would undo range_start (mmu_interval_read_begin/retry)',
  },
  simplifications: [
    'Never an i915 commit: the 2019 i915 paths with the design rule added; the 2021 i915 rewrite (ed29c2691188), which sets the sequence under its own notifier rwlock and no longer unbinds in the callback, is not modelled.',
    'The worker publishes under struct_mutex; v5.2 publishes under obj->mm.lock.',
  ],
  invalidate: 'sync',
  tokenCheck: true,
  dirtyFirst: false,
  weights: USERPTR_RACE_WEIGHTS,
  config: { maxObjects: 2 },
  intervalSeq: true,
});
