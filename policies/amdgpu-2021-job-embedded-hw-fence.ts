import { schedSignal } from './amdgpu-2020/sched.ts';
import { resvDriver } from './gem-resv/policy.ts';

/**
 * amdgpu's scheduler after c530b02f3985 "drm/amd/amdgpu embed hw_fence into amdgpu_job" (Jack
 * Zhang, merged Aug 2021; "[PATCHv2 1/2]" and later revisions by Jingwen Chen on amd-gfx): the
 * hardware fence is a member of amdgpu_job, allocated with the job before it is pushed to the
 * scheduler, so `amdgpu_job_run` → `amdgpu_ib_schedule` → `amdgpu_fence_emit` allocates nothing
 * inside the fence signalling critical section. The fix amdgpu-2020-sched-gfp-kernel's splat asked
 * for ("preallocate the fence in the job", Vetter's [PATCH 11/18]).
 */
export const amdgpu_job_embedded_fence = resvDriver({
  name: 'amdgpu-2021-job-embedded-hw-fence',
  summary: 'the hardware fence is embedded in amdgpu_job: run_job allocates nothing in the signalling section',
  source:
    'commit c530b02f39850a639b72d01ebbf7e5d745c60831 "drm/amd/amdgpu embed hw_fence into amdgpu_job" (Aug 2021); KERNEL.md B15',
  expects: [],
  twin: 'amdgpu-2020-sched-gfp-kernel',
  provenance: {
    kind: 'commit',
    id: 'c530b02f39850a639b72d01ebbf7e5d745c60831',
    title: 'drm/amd/amdgpu embed hw_fence into amdgpu_job',
  },
  simplifications: [
    'the job (and its fence) is allocated at submission, outside the signalling section; that allocation is not modelled',
  ],
  programs: { signal: schedSignal('none') },
});
