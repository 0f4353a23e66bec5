import { ACQ, CONTEXTS, GFP, LOCK } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * SIGNALLING-CLEAN: inside a fence signalling critical section (`dma_fence_begin_signalling` ..
 * `_end_signalling`), no dma_resv lock and no allocation that may reclaim: the shrinker and
 * notifiers may wait on the very fence (drivers/dma-buf/dma-fence.c DOC "fence signalling
 * annotation", "fence cross-driver contract"; commit 5fbff813a4a3; the annotation series found
 * amdgpu's GFP_KERNEL in scheduler code, "drm/amdgpu: s/GFP_KERNEL/GFP_ATOMIC in scheduler code").
 */
export const signallingClean: Invariant = {
  code: 'SIGNALLING-CLEAN',
  summary: 'no reservation lock and no reclaim-capable allocation inside a fence signalling critical section',
  source: 'drivers/dma-buf/dma-fence.c (signalling annotation, cross-driver contract); commit 5fbff813a4a3',
  events: {
    lock_acquire: (_w, e) =>
      e.a === LOCK.reservation_ww_class_mutex && (e.c & ACQ.TRYLOCK) === 0 && (e.c & ACQ.IN_SIGNALLING) !== 0
        ? `[${CONTEXTS[e.ctx]}] takes dma_resv_lock(resv#${e.b}) inside a fence signalling critical section`
        : null,
    alloc: (_w, e) =>
      e.a !== GFP.ATOMIC && (e.b & ACQ.IN_SIGNALLING) !== 0
        ? `[${CONTEXTS[e.ctx]}] allocates with ${e.a === GFP.NOFS ? 'GFP_NOFS' : 'GFP_KERNEL'} inside a fence signalling critical section: reclaim may wait for this very fence`
        : null,
  },
  guard: {
    describe: 'a lock or an allocation inside a signalling section',
    events: {
      lock_acquire: (_w, e) => (e.c & ACQ.IN_SIGNALLING) !== 0,
      alloc: (_w, e) => (e.b & ACQ.IN_SIGNALLING) !== 0,
    },
  },
};
