import { resvDriver } from './gem-resv/policy.ts';

/**
 * A shrinker that purges DONTNEED objects without waiting for the fences of the jobs still using
 * them: the pages go back to the allocator while the GPU may write them (KERNEL.md §2.6 race
 * window "DONTNEED set by U while o is still covered by an unsignaled F"; the rule: reclaim waits
 * for, or skips, busy objects, i915_gem_shrinker.c I915_SHRINK_ACTIVE).
 */
export const shrinker_purge_unfenced = resvDriver({
  name: 'shrinker-purge-unfenced',
  summary: 'the shrinker purges DONTNEED objects without waiting for their fences',
  source:
    'KERNEL.md §2.6 (purge must wait or skip); i915_gem_shrinker.c I915_SHRINK_ACTIVE; dma-fence cross-driver contract',
  expects: ['DMA-AFTER-FREE'],
  twin: 'i915-2021-shrinker-trylock',
  shrink: { purgeBusy: true },
});
