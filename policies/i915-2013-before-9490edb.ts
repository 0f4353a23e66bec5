import { definePolicy } from './define.ts';
import { i915Programs, signalThroughPtesProgram } from './i915-2015/programs.ts';
import { gttFinishObject, gttPrepareObject, shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
import { STARVATION_PHASES } from './i915-2015/starvation.ts';

/**
 * i915 before commit 9490edb58865 "drm/i915: Do not unmap object unless no other VMAs reference
 * it" (Armin Reese, 2014; KERNEL.md B02): `i915_vma_unbind` called `i915_gem_gtt_finish_object` on
 * every unbind, so destroying the first VMA unmapped the object while another VMA (a flinked object
 * in a second PPGTT, or scanout) still had PTEs pointing at it: "The current code will tell the
 * IOMMU to unmap the GEM BO's pages on the destruction of the first VMA that 'maps' that BO". Bind
 * mapped on every call, as until e2273302, so this policy also carries that bug.
 */
export const i915_2013_before_9490edb = definePolicy({
  name: 'i915-2013-before-9490edb',
  summary: 'maps on every bind and unmaps on every unbind, under the VMAs still bound',
  source: 'commit 9490edb58865536e91baf489eff4e67709cf134c fixed it (KERNEL.md B02)',
  // Under a small IOVA space or debug table the leak starves them: the two phases below.
  expects: [
    'MAP-SINGLE',
    'MAP-COVERS-BINDINGS',
    'MAP-BALANCED',
    'NO-LEAK',
    'DIRTY-AFTER-TEARDOWN',
    'IOVA-HEADROOM',
    'DEBUG-TABLE-HEADROOM',
    'IOMMU-FAULT',
    'STALE-DMA',
  ],
  // The stale PTE is a symptom only behind an IOMMU: strict invalidation faults it at once; a flush
  // queue lets it land in the reused page until the queue flushes (then it faults too). On
  // dma-direct the mapping bind leaked gives the same physical address: no symptom.
  onlyOn: {
    'MAP-COVERS-BINDINGS': ['x86-intel-iommu-strict', 'x86-intel-iommu-lazy'],
    'IOMMU-FAULT': ['x86-intel-iommu-strict', 'x86-intel-iommu-lazy'],
    'STALE-DMA': ['x86-intel-iommu-lazy'],
  },
  twin: 'i915-2015-before-e2273302',
  provenance: {
    kind: 'commit',
    id: '9490edb58865',
    title: 'drm/i915: Do not unmap object unless no other VMAs reference it',
    before: true,
  },
  phases: STARVATION_PHASES,
  simplifications: [
    "Only this policy's GPU job issues its DMA through the PTEs (signalThroughPtesProgram); the other i915 policies leave a stale PTE to the lifetime invariants.",
    'Bind also maps on every call, as until e2273302 (2015), so this policy carries that later-fixed bug too; its twin is the code after 9490edb and before e2273302.',
    "The year in the name dates the buggy code; the fix's date was not verified.",
  ],
  /** `get_pages`: shmem pages; the mapping is made at bind (before e2273302). */
  getPages: (k, obj) => shmemGetPages(k, obj, false),
  /** `put_pages`: releases the shmem pages (the mapping is the unbind's to undo). */
  putPages: (k, obj) => shmemPutPages(k, obj, false),
  programs: {
    ...i915Programs({
      prepareBind: gttPrepareObject,
      finishUnbind: (k, obj) => gttFinishObject(k, obj),
    }),
    // The GPU's job goes through the PTEs the premature unmap left behind (9490edb: "IOMMU faults").
    signal: signalThroughPtesProgram,
  },
});
