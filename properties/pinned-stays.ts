import type { World } from '../model/index.ts';
import { CTX, LOCK, NONE, vmaAt, vmName } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

function inReclaim(w: World, ctx: number): boolean {
  return w.contexts[ctx]?.held.some((h) => h.cls === LOCK.fs_reclaim) ?? false;
}

/**
 * PINNED-STAYS: reclaim never unbinds a pinned VMA, and pages are never released while
 * `pages_pin_count` is held. i915_gem_shrinker.c ("any kind of pinning ... the shrinker code
 * having to skip the object"); i915_vma_unbind returns -EBUSY on a pinned VMA.
 */
export const pinnedStays: Invariant = {
  code: 'PINNED-STAYS',
  summary: 'reclaim never unbinds a pinned VMA, and pinned pages are never released',
  source: 'drivers/gpu/drm/i915/gem/i915_gem_shrinker.c; i915_vma_unbind (-EBUSY when pinned)',
  events: {
    pte_clear: (w, e) => {
      const v = vmaAt(w, e.a);
      if (v.pin === 0 || !inReclaim(w, e.ctx)) return null;
      return `reclaim unbound vma#${v.id} (obj#${v.obj} in ${vmName(v.vm)}) while it is pinned (pin count ${v.pin})`;
    },
    put_pages: (_w, e) =>
      e.c === 0 ? null : `obj#${e.obj}'s pages were released while pinned (pages_pin_count ${e.c})`,
  },
  guard: {
    describe: 'reclaim runs while a VMA is pinned',
    object: (w, o) =>
      (w.contexts[CTX.R]?.stack.length ?? 0) > 0 && o.vmas.some((id) => id !== NONE && vmaAt(w, id).pin > 0),
  },
};
