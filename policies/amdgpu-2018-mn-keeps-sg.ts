import { objAt } from '../model/index.ts';
import { amdgpuInvalidate, amdgpuInvalidateEnd, amdgpuUserptrGetPages } from './amdgpu-2018/userptr.ts';
import { resvDriver } from './gem-resv/policy.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
import { userptrPutPages } from './i915-userptr/pages.ts';

/**
 * amdgpu's 2018 userptr design, the one argued over in seed 001: the MMU notifier waits for the
 * BO's fences, marks the pages dirty and accessed, and leaves the sg table, the IOMMU mapping and
 * the GPU page tables alive until the next command submission revalidates the BO. Vetter: "Leaking
 * the IOMMU mappings otoh means rogue userspace could do a bunch of stray writes" (KERNEL.md B03).
 * The notifier holds its lock from invalidate_range_start to invalidate_range_end (amdgpu_mn.c after
 * 1ed3d2567c80); the command submission writes the page tables, then takes the lock, re-checks
 * amdgpu's invalidation counter, adds its fence and unlocks (amdgpu_cs_submit since 3fe89771cb0a).
 * put_pages (amdgpu_ttm_tt_unpin_userptr) unmaps before dirtying, as the i915 one does. The counter
 * cannot say an invalidation is in progress: pages gathered between the callback and the zap are
 * published stale (SEQ-PUBLISH), the hole closed when amdgpu moved to HMM (915d3eecfa23) and the
 * interval notifier ("drm/amdgpu: Use mmu_interval_notifier instead of hmm_mirror", 2019). The twin is the design rule amdgpu moved to:
 * i915-2019-userptr-interval-seq (teardown in the callback, the interval sequence checked before
 * publishing).
 */
export const amdgpu_2018_mn = resvDriver({
  name: 'amdgpu-2018-mn-keeps-sg',
  summary:
    'design argued on dri-devel (seed 001), not a fixed commit: userptr notifier waits for fences and dirties pages, but keeps sg table, IOMMU mapping and PTEs',
  source:
    'seed 001 (König/Vetter, Mar 2018); amdgpu_mn.c amdgpu_mn_invalidate_node (1b0c0f9dc5); amdgpu_cs.c (3fe89771cb0a); KERNEL.md B03',
  expects: ['DIRTY-AFTER-TEARDOWN', 'INV-COMPLETE', 'INV-NO-STALE-IOMMU', 'SEQ-PUBLISH'],
  twin: 'i915-2019-userptr-interval-seq',
  provenance: {
    kind: 'design',
    thread:
      'dri-devel and linaro-mm-sig, König and Vetter, 19-20 Mar 2018 (seed 001; the Message-IDs are not in the seed)',
    title: 'the dma-buf invalidate_mappings review: amdgpu userptr sg tables "might live a bit longer"',
  },
  simplifications: [
    'READONLY userptrs are dirtied too (amdgpu does not dirty them)',
    'pages are GUP-pinned as in 2018, so INV-COMPLETE reports stale pages the GPU can still reach, not freed ones',
    "the notifier's rwsem (read side in the notifier, write side in the CS) is one mutex; the model's notifier is the only reader",
    'a bound userptr BO with stale pages fails the CS with -EAGAIN until it is unbound (TTM revalidation not modelled)',
  ],
  parts: { backings: ['shmem', 'userptr'], userptrCsCheck: true },
  getPages: (k, obj) =>
    objAt(k.w, obj).backing === 'userptr' ? amdgpuUserptrGetPages(k, obj) : shmemGetPages(k, obj, true),
  putPages: (k, obj) => (objAt(k.w, obj).backing === 'userptr' ? userptrPutPages(k, obj) : shmemPutPages(k, obj, true)),
  programs: { mn_invalidate: amdgpuInvalidate('range-end'), mn_invalidate_end: amdgpuInvalidateEnd() },
});
