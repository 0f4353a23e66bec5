import { ACQ } from '../model/index.ts';
import type { Invariant } from './invariant.ts';
import { circularSplat, recursiveSplat } from './lockdep-splat.ts';

/**
 * LOCK-ORDER: the lock dependency graph, primed at boot by `dma_resv_lockdep()` (mmap_lock →
 * dma_resv → fs_reclaim → i_mmap_rwsem; fs_reclaim → notifier → dma_fence_map), stays acyclic, and
 * no context takes a lock it holds. kernel/locking/lockdep.c; drivers/dma-buf/dma-resv.c.
 */
export const lockOrder: Invariant = {
  code: 'LOCK-ORDER',
  summary: 'the lock dependency graph (with the boot-time dma_resv priming) stays acyclic; no recursive locking',
  source:
    'kernel/locking/lockdep.c; drivers/dma-buf/dma-resv.c dma_resv_lockdep(); Documentation/locking/lockdep-design.rst',
  events: {
    lock_cycle: (w, e) => circularSplat(w, e.ctx, e.a, e.b),
    lock_recursive: (w, e) => recursiveSplat(w, e.ctx, e.a),
  },
  guard: {
    describe: 'a blocking lock taken while holding another',
    events: { lock_acquire: (w, e) => (e.c & ACQ.TRYLOCK) === 0 && (w.contexts[e.ctx]?.held.length ?? 0) > 0 },
  },
};
