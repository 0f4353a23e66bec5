import { resvDriver } from './gem-resv/policy.ts';
import { gpusvmGetPages, gpusvmPutPages } from './xe-gpusvm/pages.ts';

/**
 * drm_gpusvm after 556dba954739 "drm/gpusvm: Force unmapping on error in drm_gpusvm_get_pages"
 * (Jan 2026): `err_unmap` sets `has_dma_mapping`, so `__drm_gpusvm_unmap_pages(..., num_dma_mapped)`
 * unmaps the pages mapped before the failure. The name keeps the year of the bug it fixes.
 */
export const gpusvm_unwind = resvDriver({
  name: 'xe-2025-gpusvm-556dba95',
  summary: 'get_pages unmaps the num_dma_mapped pages on its error path (fix of 2026)',
  source:
    'commit 556dba95473900073a6c03121361c11f646dc551 "drm/gpusvm: Force unmapping on error in drm_gpusvm_get_pages" (Message-Id 20260130194928.3255613-2-matthew.brost@intel.com)',
  expects: [],
  twin: 'xe-2025-gpusvm-before-556dba95',
  provenance: {
    kind: 'commit',
    id: '556dba95473900073a6c03121361c11f646dc551',
    title: 'drm/gpusvm: Force unmapping on error in drm_gpusvm_get_pages',
    fixes: ['99624bdff867'],
  },
  simplifications: [
    'a drm_gpusvm range is a GEM object over a userptr-like range, bound through the generic VMA paths; the successful walk is one sg mapping instead of per-page dma_map_page',
    'the failing walk always fails on the last page (k = npages - 1); device-private pages and the retry on -EBUSY are not modelled',
    'no MMU invalidation is generated (the notifier path, drm_gpusvm_range_unmap_pages, is not modelled), so the derived consequence of the leak (a later munmap that skips the unmap, leaving an IOMMU mapping to freed pages) does not show',
  ],
  parts: { backings: ['userptr'] },
  faultInjection: true,
  getPages: (k, obj, fail) => gpusvmGetPages(k, obj, fail === true, true),
  putPages: gpusvmPutPages,
  weights: { invalidate: 0 },
});
