import { GFP } from '../model/index.ts';
import { schedSignal } from './amdgpu-2020/sched.ts';
import { resvDriver } from './gem-resv/policy.ts';

/**
 * The GFP_ATOMIC allocation Vetter proposed in "[PATCH 11/18] drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC
 * in scheduler code" (Message-ID 20200604081224.863494-12-daniel.vetter@ffwll.ch, Jun 2020): the
 * allocation in the signalling path can no longer recurse into reclaim. Posted, not merged: the
 * cover letter and the patch call it an example (the real fix being to preallocate the fence in
 * the job), König objected (Message-ID 879b127e-2180-bc59-f522-252416a7ac01@amd.com), and it was
 * reposted as 19/25 (Jul 2020) and 19/65 (Oct 2020). What amdgpu merged is
 * amdgpu-2021-job-embedded-hw-fence.
 */
export const amdgpu_sched_gfp_atomic = resvDriver({
  name: 'amdgpu-2020-sched-gfp-atomic',
  summary:
    'posted, not merged: the scheduler allocates with GFP_ATOMIC inside the fence signalling critical section (Vetter, Jun 2020)',
  source:
    '"[PATCH 11/18] drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code", Message-Id 20200604081224.863494-12-daniel.vetter@ffwll.ch; König: 879b127e-2180-bc59-f522-252416a7ac01@amd.com',
  expects: [],
  twin: 'amdgpu-2020-sched-gfp-kernel',
  provenance: {
    kind: 'patch',
    messageId: '20200604081224.863494-12-daniel.vetter@ffwll.ch',
    title: 'drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code',
  },
  simplifications: ['a GFP_ATOMIC allocation never fails here (its failure path is not modelled)'],
  programs: { signal: schedSignal(GFP.ATOMIC) },
});
