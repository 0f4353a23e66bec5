import { BLOCK, clearPtes, DONE, NONE, type ObjectId, program, unpinPages, type VmaId, vmaAt } from '../model/index.ts';
import { definePolicy } from './define.ts';
import { DISPLAY_OPS, displayPrograms } from './i915-2015/display.ts';
import { i915Programs } from './i915-2015/programs.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
import { shrink2015 } from './i915-2015/shrink.ts';
import { vmaIn } from './i915-2015/vma.ts';

/**
 * Constructed: `i915-2015-e2273302-display` with a shrinker that ignores the scanout pin. It unbinds
 * every bound VMA of the objects it scans, the display plane's pinned GGTT VMA included, and then
 * releases the pages: the plane keeps scanning out of GGTT entries that no longer point at the
 * buffer. The rule is the kernel's: "any kind of pinning ... the shrinker code having to skip the
 * object" (i915_gem_shrinker.c), and i915_vma_unbind returns -EBUSY on a pinned VMA. No commit is
 * known to have shipped this; it shows a policy op (`pin_for_scanout`) reaching a bug no built-in op
 * can, since no built-in op holds a pin across ioctls.
 */
export const i915_display_shrinker_ignores_pin = definePolicy({
  name: 'i915-display-shrinker-ignores-pin',
  summary: 'constructed: the shrinker unbinds the pinned scanout VMA (a display pin held across ioctls)',
  source: 'drivers/gpu/drm/i915/i915_gem_shrinker.c (pinned objects are skipped); i915_vma_unbind (-EBUSY when pinned)',
  expects: ['PINNED-STAYS'],
  twin: 'i915-2015-e2273302-display',
  provenance: {
    kind: 'constructed',
    rule: 'reclaim never unbinds a pinned VMA: a scanout pin keeps the buffer bound while the plane uses it',
    where: 'drivers/gpu/drm/i915/i915_gem_shrinker.c; i915_vma_unbind (-EBUSY when pinned)',
  },
  simplifications: [],
  /** `get_pages`: shmem pages, DMA-mapped here (after e2273302). */
  getPages: (k, obj) => shmemGetPages(k, obj, true),
  /** `put_pages`: unmaps, then releases the shmem pages. */
  putPages: (k, obj) => shmemPutPages(k, obj, true),
  programs: {
    ...i915Programs(),
    ...displayPrograms(),
    shrink: shrink2015({ ignorePins: true, unbind: 'vma_unbind_ignoring_pin' }),
    /** The mutant's unbind: `i915_vma_unbind` without its -EBUSY on a pinned VMA. */
    vma_unbind_ignoring_pin: program('vma_unbind_ignoring_pin', {
      /** Waits (struct_mutex held) for the GPU to finish with the VMA, as i915_vma_unbind does. */
      wait_idle: (k, f) => {
        const id = vmaIn(k, f.obj, f.vm);
        if (id === NONE || !vmaAt(k.w, id).bound) return DONE;
        if (vmaAt(k.w, id).active > 0) return BLOCK;
        f.vma = id;
      },
      clear_ptes: (k, f) => {
        clearPtes(k, f.vma as VmaId);
        unpinPages(k, f.obj as ObjectId);
      },
    }),
  },
  ops: DISPLAY_OPS,
});
