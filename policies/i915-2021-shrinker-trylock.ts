import { resvDriver } from './gem-resv/policy.ts';

/**
 * i915's shrinker of the object-lock era (drivers/gpu/drm/i915/gem/i915_gem_shrinker.c, 2021+):
 * reclaim trylocks each object's reservation and skips it on contention, skips pinned and busy
 * objects, and purges DONTNEED ones first.
 */
export const i915_2021_shrinker = resvDriver({
  name: 'i915-2021-shrinker-trylock',
  summary: 'reservation-era driver; the shrinker trylocks reservations and skips busy objects',
  source: 'drivers/gpu/drm/i915/gem/i915_gem_shrinker.c @004746e4b119; seed 001 (König: only trylock in shrink_slab)',
  expects: [],
});
