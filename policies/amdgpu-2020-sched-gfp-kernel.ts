import { GFP } from '../model/index.ts';
import { schedSignal } from './amdgpu-2020/sched.ts';
import { resvDriver } from './gem-resv/policy.ts';

/**
 * amdgpu's scheduler before "drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code" (2020): the
 * hardware fence of a job was allocated with GFP_KERNEL on the way to signalling its scheduler
 * fence. Direct reclaim may then run a shrinker that waits for that very fence (allowed by the
 * cross-driver contract): a deadlock that lockdep sees as dma_fence_map → fs_reclaim against the
 * primed fs_reclaim → … → dma_fence_map (KERNEL.md B15).
 */
export const amdgpu_sched_gfp_kernel = resvDriver({
  name: 'amdgpu-2020-sched-gfp-kernel',
  summary: 'the scheduler allocates with GFP_KERNEL inside the fence signalling critical section',
  source:
    'dma-fence annotation series, Message-Id 20200604081224.863494-1-daniel.vetter@ffwll.ch; commit 5fbff813a4a3; KERNEL.md B15',
  expects: ['SIGNALLING-CLEAN', 'LOCK-ORDER'],
  twin: 'amdgpu-2020-sched-gfp-atomic',
  programs: { signal: schedSignal(GFP.KERNEL) },
});
