import { resvDriver } from './gem-resv/policy.ts';

/**
 * Constructed: a shrinker that purges DONTNEED objects without waiting for the fences of the jobs
 * still using them: the pages go back to the allocator while the GPU may write them (KERNEL.md §2.6
 * race window "DONTNEED set by U while o is still covered by an unsignaled F"). The rule is real and
 * i915 keeps it: v4.x `i915_gem_shrink` skips `obj->active` unless `I915_SHRINK_ACTIVE`, and the 2021
 * shrinker fails the unbind of active VMAs unless ACTIVE. No commit is known to have purged a busy
 * object.
 */
export const shrinker_purge_unfenced = resvDriver({
  name: 'shrinker-purge-unfenced',
  summary:
    'constructed: the shrinker purges busy DONTNEED objects (the rule i915 keeps: skip active objects, or wait under I915_SHRINK_ACTIVE)',
  source:
    'KERNEL.md §2.6 (purge must wait or skip); i915_gem_shrinker.c I915_SHRINK_ACTIVE; dma-fence cross-driver contract',
  expects: ['DMA-AFTER-FREE'],
  twin: 'i915-2021-shrinker-trylock',
  provenance: {
    kind: 'constructed',
    rule: 'reclaim skips busy objects, or waits for their fences, before releasing their pages',
    where: 'drivers/gpu/drm/i915/i915_gem_shrinker.c (I915_SHRINK_ACTIVE); KERNEL.md §2.6',
  },
  simplifications: [],
  shrink: { purgeBusy: true },
});
