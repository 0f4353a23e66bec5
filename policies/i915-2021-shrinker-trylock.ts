import { resvDriver } from './gem-resv/policy.ts';

/**
 * i915's shrinker of the object-lock era (drivers/gpu/drm/i915/gem/i915_gem_shrinker.c
 * @004746e4b119): purgeable (DONTNEED) objects first, then the rest; framebuffers skipped unless
 * I915_SHRINK_ACTIVE; `can_release_pages`; a reference taken; `unsafe_drop_pages` unbinds with no
 * object lock held (i915_gem_object_unbind, which without ACTIVE refuses active VMAs); only then
 * `i915_gem_object_trylock` around `__i915_gem_object_put_pages` (skipped on contention). kswapd
 * adds a second pass with I915_SHRINK_ACTIVE, whose unbind waits. The model's shrinker
 * (gem-resv/shrink.ts `shrinkResv`) trylocks first and treats any unsignaled reservation fence as
 * busy: both more conservative than i915, so the policy stays clean either way.
 */
export const i915_2021_shrinker = resvDriver({
  name: 'i915-2021-shrinker-trylock',
  summary: 'reservation-era driver; the shrinker trylocks reservations and skips busy objects',
  source: 'drivers/gpu/drm/i915/gem/i915_gem_shrinker.c @004746e4b119; seed 001 (König: only trylock in shrink_slab)',
  expects: [],
  // The shrinker as of this commit (a tree state, not a fix of the shrinker's lock order).
  provenance: {
    kind: 'commit',
    id: '004746e4b119a206c27c6ea0f4b6287bab16a9ad',
    title: 'drm/i915/ttm: Correctly handle waiting for gpu when shrinking',
  },
  simplifications: [
    'trylocked before unbinding (i915 unbinds with no object lock held and trylocks only around put_pages)',
    'busy = any unsignaled reservation fence (i915: an active VMA refuses the unbind)',
    "kswapd's I915_SHRINK_ACTIVE pass, which waits for active objects, is not modelled",
    'framebuffer, can_release_pages (swap) and vmap-purge filters are not modelled',
  ],
});
