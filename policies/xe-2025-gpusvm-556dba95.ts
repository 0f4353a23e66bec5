import { resvDriver } from './gem-resv/policy.ts';
import { gpusvmGetPages } from './xe-gpusvm/pages.ts';

/** drm_gpusvm after 556dba954739: the error path unmaps what it mapped before releasing the pages. */
export const gpusvm_unwind = resvDriver({
  name: 'xe-2025-gpusvm-556dba95',
  summary: 'get_pages unmaps on its error path before releasing the pages',
  source:
    'commit 556dba95473900073a6c03121361c11f646dc551 "drm/gpusvm: Force unmapping on error in drm_gpusvm_get_pages"',
  expects: [],
  twin: 'xe-2025-gpusvm-before-556dba95',
  faultInjection: true,
  getPages: (k, obj, fail) => gpusvmGetPages(k, obj, fail === true, true),
});
