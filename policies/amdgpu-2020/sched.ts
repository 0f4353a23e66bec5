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
 * `gfp` is that allocation's flags: GFP_KERNEL before, GFP_ATOMIC after "drm/amdgpu:
 * s/GFP_KERNEL/GFP_ATOMIC in scheduler code" (Vetter's dma-fence annotation series).
 */
export function schedSignal(gfp: number): Program {
  return program('signal', {
    begin_signalling: (k) => {
      fenceBeginSignalling(k);
    },
    run_job: (k) => {
      gfpAlloc(k, gfp);
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
