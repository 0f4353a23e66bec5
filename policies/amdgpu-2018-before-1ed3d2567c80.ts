import { objAt } from '../model/index.ts';
import { amdgpuInvalidate, amdgpuUserptrGetPages } from './amdgpu-2018/userptr.ts';
import { resvDriver } from './gem-resv/policy.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
import { userptrPutPages } from './i915-userptr/pages.ts';

/**
 * amdgpu before commit 1ed3d2567c80 "drm/amdgpu: keep the MMU lock until the update ends v4"
 * (König, 2018; KERNEL.md B14): the command submission checked for an invalidation under the MMU
 * lock but dropped the lock before writing the GPU page tables, so an invalidation in between went
 * unnoticed and the page tables got the old pages. Otherwise as amdgpu-2018-mn-keeps-sg.
 */
export const amdgpu_before_1ed3d256 = resvDriver({
  name: 'amdgpu-2018-before-1ed3d2567c80',
  summary: 'userptr commit drops the MMU lock between the invalidation check and the page-table update',
  source: 'commit 1ed3d2567c800eca053ef86fdd3fc27b72d0192e fixed it (KERNEL.md B14); seed 001',
  expects: ['DIRTY-AFTER-TEARDOWN', 'INV-COMPLETE', 'INV-NO-STALE-IOMMU', 'SEQ-PUBLISH'],
  twin: 'amdgpu-2018-mn-keeps-sg',
  parts: { backings: ['shmem', 'userptr'], userptrCommit: 'dropped' },
  getPages: (k, obj) =>
    objAt(k.w, obj).backing === 'userptr' ? amdgpuUserptrGetPages(k, obj) : shmemGetPages(k, obj, true),
  putPages: (k, obj) => (objAt(k.w, obj).backing === 'userptr' ? userptrPutPages(k, obj) : shmemPutPages(k, obj, true)),
  programs: { mn_invalidate: amdgpuInvalidate() },
});
