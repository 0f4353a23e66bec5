import { definePolicy } from './define.ts';
import { i915Programs } from './i915-2015/programs.ts';
import { gttFinishObject, gttPrepareObject, shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
import { STARVATION_PHASES } from './i915-2015/starvation.ts';

/**
 * i915 before commit e2273302 (KERNEL.md B01): `i915_gem_object_bind_to_vm` called
 * `i915_gem_gtt_prepare_object` on every bind, and `has_dma_mapping` never guarded shmem objects, so
 * a bind into a second address space mapped the same sg table again; `i915_vma_unbind` unmapped
 * only when the last VMA went (the 9490edb fix). intel-iommu handed out a new IOVA range per map
 * and the first one leaked: "Every g/ppgtt binding remapped the obj->pages through the iommu"
 * (Chris Wilson, seed 000).
 */
export const i915_2015_before_e2273302 = definePolicy({
  name: 'i915-2015-before-e2273302',
  summary: 'maps the sg table again on every VMA bind; unmaps at the last unbind',
  source: 'commit e227330223a7721b4284c3921651bd9ca8f3581a fixed it (seed 003; thread seed 000)',
  // The leaked first range still maps the pages when put_pages dirties them: DIRTY-AFTER-TEARDOWN.
  // Under a small IOVA space or debug table the leak starves them: the two phases below.
  expects: ['MAP-SINGLE', 'NO-LEAK', 'DIRTY-AFTER-TEARDOWN', 'IOVA-HEADROOM', 'DEBUG-TABLE-HEADROOM'],
  twin: 'i915-2015-e2273302',
  provenance: { kind: 'commit', id: 'e227330223a7', title: 'drm/i915: avoid leaking DMA mappings', before: true },
  phases: STARVATION_PHASES,
  simplifications: [],
  /** `get_pages`: shmem pages; the mapping is made at bind (before e2273302). */
  getPages: (k, obj) => shmemGetPages(k, obj, false),
  /** `put_pages`: releases the shmem pages (the mapping is the unbind's to undo). */
  putPages: (k, obj) => shmemPutPages(k, obj, false),
  programs: i915Programs({
    prepareBind: gttPrepareObject,
    finishUnbind: (k, obj, last) => {
      if (last) gttFinishObject(k, obj);
    },
  }),
});
