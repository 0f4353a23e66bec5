import {
  fenceBeginSignalling,
  fenceEndSignalling,
  fenceSignal,
  gfpAlloc,
  NONE,
  oldestUnsignaled,
  type Program,
  program,
} from '../../model/index.ts';

/**
 * The GPU scheduler's path to a job's completion, annotated as a fence signalling critical section
 * (drm_sched_main → run_job → amdgpu_job_run → amdgpu_fence_emit, which allocates the hardware
 * fence): once the job's fence is published, everything needed to signal it is inside the section.
 * `gfp` is that allocation's flags: GFP_KERNEL in the 2020 code (the splat of "[PATCH 11/18]
 * drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code", Message-ID
 * 20200604081224.863494-12-daniel.vetter@ffwll.ch: kmem_cache_alloc ← amdgpu_fence_emit ←
 * amdgpu_ib_schedule ← amdgpu_job_run ← drm_sched_main), GFP_ATOMIC as that patch proposed, or
 * `'none'` once the hardware fence is embedded in amdgpu_job and run_job allocates nothing
 * (c530b02f3985 "drm/amd/amdgpu embed hw_fence into amdgpu_job", Aug 2021).
 */
export function schedSignal(gfp: number | 'none'): Program {
  return program('signal', {
    begin_signalling: (k) => {
      fenceBeginSignalling(k);
    },
    run_job: (k) => {
      if (gfp !== 'none') gfpAlloc(k, gfp);
    },
    signal: (k, f) => {
      const fence = oldestUnsignaled(k, f.arg);
      if (fence !== NONE) fenceSignal(k, fence);
    },
    end_signalling: (k) => {
      fenceEndSignalling(k);
    },
  });
}
