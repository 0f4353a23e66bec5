import { resvDriver } from './gem-resv/policy.ts';
import { gpusvmGetPages, gpusvmPutPages } from './xe-gpusvm/pages.ts';

/**
 * drm_gpusvm before 556dba954739 "drm/gpusvm: Force unmapping on error in drm_gpusvm_get_pages"
 * (Matthew Brost, Jan 2026, Message-ID 20260130194928.3255613-2-matthew.brost@intel.com; Fixes
 * 99624bdff867, 2025): when `dma_map_page` of page k+1 failed after k pages were mapped, `err_unmap`
 * skipped the unmap, the `has_dma_mapping` flag being set only on success, and freed only the pfn
 * array: the k mappings leaked (KERNEL.md B10). The year in the name is the bug's (99624bdff867);
 * the fix is from 2026. The failure is the kernel's fault injection at that point (`faultInjection`:
 * a bind may carry it). The memory is the process's own (a userptr-like range), which drm_gpusvm
 * neither pins nor owns.
 */
export const gpusvm_leak = resvDriver({
  name: 'xe-2025-gpusvm-before-556dba95',
  summary:
    'get_pages fails on page k+1 after mapping k pages and leaves the k mappings behind (bug of 2025, fixed 2026)',
  source:
    'commit 556dba95473900073a6c03121361c11f646dc551 fixed it (Fixes 99624bdff867); drm_gpusvm.c @0542972950ef; KERNEL.md B10',
  // NO-LEAK is the bug (the k mappings outlive the range); MAP-SINGLE is its consequence when the
  // walk is retried: the leaked mapping of a page and the new one are both live on the GPU, which
  // dma-debug reports as an overlapping mapping (cacheline tracking EEXIST, KERNEL.md §1.5).
  expects: ['NO-LEAK', 'MAP-SINGLE'],
  twin: 'xe-2025-gpusvm-556dba95',
  provenance: {
    kind: 'commit',
    id: '556dba95473900073a6c03121361c11f646dc551',
    title: 'drm/gpusvm: Force unmapping on error in drm_gpusvm_get_pages',
    fixes: ['99624bdff867'],
    before: true,
  },
  simplifications: [
    'a drm_gpusvm range is a GEM object over a userptr-like range, bound through the generic VMA paths; the successful walk is one sg mapping instead of per-page dma_map_page',
    'the failing walk always fails on the last page (k = npages - 1); device-private pages and the retry on -EBUSY are not modelled',
    'no MMU invalidation is generated (the notifier path, drm_gpusvm_range_unmap_pages, is not modelled), so the derived consequence of the leak (a later munmap that skips the unmap, leaving an IOMMU mapping to freed pages) does not show',
  ],
  parts: { backings: ['userptr'] },
  faultInjection: true,
  getPages: (k, obj, fail) => gpusvmGetPages(k, obj, fail === true, false),
  putPages: gpusvmPutPages,
  weights: { invalidate: 0 },
});
