import { GFP } from '../model/index.ts';
import { schedSignal } from './amdgpu-2020/sched.ts';
import { resvDriver } from './gem-resv/policy.ts';

/**
 * amdgpu's scheduler after "drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code" (2020): the
 * allocation in the signalling path can no longer recurse into reclaim.
 */
export const amdgpu_sched_gfp_atomic = resvDriver({
  name: 'amdgpu-2020-sched-gfp-atomic',
  summary: 'the scheduler allocates with GFP_ATOMIC inside the fence signalling critical section',
  source:
    'dma-fence annotation series, Message-Id 20200604081224.863494-1-daniel.vetter@ffwll.ch ("s/GFP_KERNEL/GFP_ATOMIC in scheduler code")',
  expects: [],
  twin: 'amdgpu-2020-sched-gfp-kernel',
  programs: { signal: schedSignal(GFP.ATOMIC) },
});
