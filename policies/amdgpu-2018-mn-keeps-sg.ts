import { objAt } from '../model/index.ts';
import { amdgpuInvalidate, amdgpuUserptrGetPages } from './amdgpu-2018/userptr.ts';
import { resvDriver } from './gem-resv/policy.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
import { userptrPutPages } from './i915-userptr/pages.ts';

/**
 * amdgpu's 2018 userptr design, the one argued over in seed 001: the MMU notifier waits for the
 * BO's fences, marks the pages dirty and accessed, and leaves the sg table, the IOMMU mapping and
 * the GPU page tables alive until the next command submission revalidates the BO. Vetter: "Leaking
 * the IOMMU mappings otoh means rogue userspace could do a bunch of stray writes" (KERNEL.md B03).
 * The GEM paths around it are the generic reservation-era ones; the CS re-checks the invalidation
 * count under the MMU lock and holds it until the page tables are written (1ed3d2567c80); its
 * put_pages (amdgpu_ttm_tt_unpin_userptr) unmaps before dirtying, as the i915 one does.
 */
export const amdgpu_2018_mn = resvDriver({
  name: 'amdgpu-2018-mn-keeps-sg',
  summary: 'userptr notifier waits for fences and dirties pages, but keeps sg table, IOMMU mapping and PTEs',
  source: 'seed 001 (König/Vetter, Mar 2018); amdgpu_mn.c amdgpu_mn_invalidate_node (1b0c0f9dc5); KERNEL.md B03',
  expects: ['DIRTY-AFTER-TEARDOWN', 'INV-COMPLETE', 'INV-NO-STALE-IOMMU'],
  twin: 'i915-2019-userptr-484d9a8',
  parts: { backings: ['shmem', 'userptr'], userptrCommit: 'held' },
  getPages: (k, obj) =>
    objAt(k.w, obj).backing === 'userptr' ? amdgpuUserptrGetPages(k, obj) : shmemGetPages(k, obj, true),
  putPages: (k, obj) => (objAt(k.w, obj).backing === 'userptr' ? userptrPutPages(k, obj) : shmemPutPages(k, obj, true)),
  programs: { mn_invalidate: amdgpuInvalidate() },
});
