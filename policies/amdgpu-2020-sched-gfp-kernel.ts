import { GFP } from '../model/index.ts';
import { schedSignal } from './amdgpu-2020/sched.ts';
import { resvDriver } from './gem-resv/policy.ts';

/**
 * amdgpu's scheduler in 2020: the hardware fence of a job was allocated with GFP_KERNEL in
 * `amdgpu_fence_emit`, on the way to signalling its scheduler fence. Vetter's dma-fence annotations
 * caught it: "[PATCH 11/18] drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code" (Message-ID
 * 20200604081224.863494-12-daniel.vetter@ffwll.ch) quotes the splat, kmem_cache_alloc ←
 * amdgpu_fence_emit ← amdgpu_ib_schedule ← amdgpu_job_run ← drm_sched_main. Direct reclaim may run
 * a shrinker that waits for that very fence (allowed by the cross-driver contract): a deadlock that
 * lockdep sees as dma_fence_map → fs_reclaim against the primed fs_reclaim → … → dma_fence_map
 * (KERNEL.md B15). The merged design: the hardware fence embedded in amdgpu_job (c530b02f3985,
 * amdgpu-2021-job-embedded-hw-fence).
 */
export const amdgpu_sched_gfp_kernel = resvDriver({
  name: 'amdgpu-2020-sched-gfp-kernel',
  summary: 'the scheduler allocates with GFP_KERNEL inside the fence signalling critical section',
  source:
    '"[PATCH 11/18] drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code", Message-ID 20200604081224.863494-12-daniel.vetter@ffwll.ch (its splat: amdgpu_fence_emit ← amdgpu_job_run ← drm_sched_main); fixed by c530b02f3985; KERNEL.md B15',
  expects: ['SIGNALLING-CLEAN', 'LOCK-ORDER'],
  // The merged fix is amdgpu-2021-job-embedded-hw-fence; the twin (what regression traces replay
  // on, and what the catalogue's coverage test fuzzes) is the posted GFP_ATOMIC variant, because
  // the embedded design removes the allocation from the section altogether and so never reaches
  // the situation SIGNALLING-CLEAN guards (an allocation inside a signalling section).
  twin: 'amdgpu-2020-sched-gfp-atomic',
  provenance: {
    kind: 'commit',
    id: 'c530b02f39850a639b72d01ebbf7e5d745c60831',
    title: 'drm/amd/amdgpu embed hw_fence into amdgpu_job',
    before: true,
  },
  simplifications: [
    'run_job is one allocation; the v2 splat through drm_sched_entity_pop_job → amdgpu_job_dependency → amdgpu_vmid_grab is not modelled',
    'c530b02f3985 was a lifetime clean-up, not a fix for this splat; the policy names it as the design that removed the allocation',
  ],
  programs: { signal: schedSignal(GFP.KERNEL) },
});
