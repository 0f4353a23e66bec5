import { objAt } from '../model/index.ts';
import { amdgpuInvalidate, amdgpuUserptrGetPages } from './amdgpu-2018/userptr.ts';
import { resvDriver } from './gem-resv/policy.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
import { userptrPutPages } from './i915-userptr/pages.ts';

/**
 * amdgpu's userptr notifier before 1ed3d2567c80 "drm/amdgpu: keep the MMU lock until the update
 * ends v4" (König, reviewed by Kuehling, 2018; the diff itself was not available):
 * `amdgpu_mn_invalidate_range_start` took the notifier lock, bumped each BO's invalidation counter,
 * waited for its fences and marked its pages, and dropped the lock when it returned, before the
 * core mm had changed the CPU page tables. After the commit the lock is held until the new
 * `amdgpu_mn_invalidate_range_end` (amdgpu-2018-mn-keeps-sg, the twin). The command submission is
 * the same in both (amdgpu_cs_submit since 3fe89771cb0a: page tables written, then lock, check the
 * counter, add the fence, unlock), and so is get_pages, whose counter cannot say an invalidation is
 * in progress.
 *
 * What the model cannot show: the difference. Before the commit a CS could add a fence, and the GPU
 * touch the pages, while the core mm was still updating the CPU page tables (between
 * invalidate_range_start and _end); the model has no catalogue invariant on GPU work inside that
 * window and no page migration, whose copy such work would race (policies/amdgpu-2018/userptr.test.ts
 * shows the difference with a test-only check). The codes below are broken by the twin too:
 * SEQ-PUBLISH is the hole both share (pages gathered between the callback and the zap carry the new
 * count and are published stale, closed when amdgpu moved to HMM, 915d3eecfa23, and the interval
 * notifier, 2019), and INV-COMPLETE,
 * INV-NO-STALE-IOMMU and DIRTY-AFTER-TEARDOWN are the 2018 design that keeps the sg table, the IOMMU
 * mapping and the PTEs (seed 001). So the trace replays on the clean end of the twin chain
 * (i915-2019-userptr-interval-seq), not on the commit's own fix.
 */
export const amdgpu_before_1ed3d256 = resvDriver({
  name: 'amdgpu-2018-before-1ed3d2567c80',
  summary:
    'userptr notifier drops its lock when its callback returns, before the CPU page tables change (the model cannot tell it from the fix)',
  source:
    'commit 1ed3d2567c800eca053ef86fdd3fc27b72d0192e "drm/amdgpu: keep the MMU lock until the update ends v4" fixed it; amdgpu_mn.c, amdgpu_cs.c (3fe89771cb0a); seed 001; KERNEL.md B14',
  expects: ['DIRTY-AFTER-TEARDOWN', 'INV-COMPLETE', 'INV-NO-STALE-IOMMU', 'SEQ-PUBLISH'],
  twin: 'amdgpu-2018-mn-keeps-sg',
  provenance: {
    kind: 'commit',
    id: '1ed3d2567c800eca053ef86fdd3fc27b72d0192e',
    title: 'drm/amdgpu: keep the MMU lock until the update ends v4',
    before: true,
  },
  simplifications: [
    'no invariant on GPU work between invalidate_range_start and _end, and no page migration: what the commit changed does not show, and every declared code is broken by its fix as well',
    "the notifier's rwsem (read side in the notifier, write side in the CS) is one mutex; the model's notifier is the only reader",
    'GUP inside a munmap returns -EAGAIN (the CS restarts) instead of sleeping on mmap_lock',
    'a bound userptr BO with stale pages fails the CS with -EAGAIN until it is unbound (TTM revalidation not modelled)',
  ],
  parts: { backings: ['shmem', 'userptr'], userptrCsCheck: true },
  getPages: (k, obj) =>
    objAt(k.w, obj).backing === 'userptr' ? amdgpuUserptrGetPages(k, obj) : shmemGetPages(k, obj, true),
  putPages: (k, obj) => (objAt(k.w, obj).backing === 'userptr' ? userptrPutPages(k, obj) : shmemPutPages(k, obj, true)),
  programs: { mn_invalidate: amdgpuInvalidate('callback') },
});
