import { resvDriver } from './gem-resv/policy.ts';

/**
 * A shrinker that blocks on the reservation lock (KERNEL.md B05). Reclaim runs inside any
 * allocating task, which may hold that very lock (execbuf allocates with its reservations held),
 * so a blocking lock there deadlocks; lockdep reports it from the first call thanks to the boot-time
 * priming dma_resv → fs_reclaim. König, seed 001: "you can only trylock it in a shrink_slab
 * callback"; the i915 analogue with struct_mutex was fixed by d25f71a162a9.
 */
export const shrinker_blocking = resvDriver({
  name: 'shrinker-blocking-resv-lock',
  summary: 'the shrinker takes reservations with dma_resv_lock, blocking, from reclaim',
  source: 'seed 001 (König, 20 Mar 2018); "dma_resv: prime lockdep annotations" (Vetter 2019); i915 d25f71a162a9',
  expects: ['RECLAIM-TRYLOCK', 'LOCK-ORDER'],
  twin: 'i915-2021-shrinker-trylock',
  shrink: { blockingLock: true },
});
