import { resvDriver } from './gem-resv/policy.ts';
import { gpusvmGetPages } from './xe-gpusvm/pages.ts';

/**
 * drm_gpusvm before 556dba954739 "drm/gpusvm: Force unmapping on error in drm_gpusvm_get_pages"
 * (Fixes 99624bdff867): when the walk failed after the pages were mapped, the error path released
 * the pages without unmapping them, the mapped flag being set only on success (KERNEL.md B10). The
 * failure is the kernel's fault injection at that point (`faultInjection`: a bind may carry it).
 */
export const gpusvm_leak = resvDriver({
  name: 'xe-2025-gpusvm-before-556dba95',
  summary: 'get_pages fails after mapping and releases the pages without unmapping them',
  source: 'commit 556dba95473900073a6c03121361c11f646dc551 fixed it (Fixes 99624bdff867); KERNEL.md B10',
  // The leaked mapping still counts against the object (the retried get_pages maps it a second time)
  // and still reaches the freed frames, which the next owner dirties.
  expects: ['NO-LEAK', 'MAP-SINGLE', 'DIRTY-AFTER-TEARDOWN'],
  twin: 'xe-2025-gpusvm-556dba95',
  faultInjection: true,
  getPages: (k, obj, fail) => gpusvmGetPages(k, obj, fail === true, false),
});
