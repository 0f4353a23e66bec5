import { resvDriver } from './gem-resv/policy.ts';

/**
 * A design-rule violation: a shrinker that blocks on the reservation lock (KERNEL.md B05). Reclaim
 * runs inside any allocating task, which may hold that very lock (execbuf allocates with its
 * reservations held), so a blocking lock there deadlocks; lockdep reports it from the first call
 * thanks to the boot-time priming dma_resv → fs_reclaim ("[PATCH 1/3] dma_resv: prime lockdep
 * annotations", Message-Id 20190820145336.15649-2-daniel.vetter@ffwll.ch). König, seed 001: "you can
 * only trylock it in a shrink_slab callback". No driver is known to have shipped a blocking
 * dma_resv_lock in its shrinker. The nearest i915 history is about latency, not deadlock: i915
 * stopped blocking on struct_mutex in direct reclaim (d25f71a162a9 "drm/i915: Return immediately if
 * trylock fails for direct-reclaim"); kswapd still blocked.
 */
export const shrinker_blocking = resvDriver({
  name: 'shrinker-blocking-resv-lock',
  summary:
    'design-rule violation (no driver known to have shipped it): the shrinker takes reservations with dma_resv_lock, blocking, from reclaim',
  source:
    'seed 001 (König, 20 Mar 2018); "dma_resv: prime lockdep annotations" (Message-Id 20190820145336.15649-2-daniel.vetter@ffwll.ch)',
  expects: ['RECLAIM-TRYLOCK', 'LOCK-ORDER'],
  twin: 'i915-2021-shrinker-trylock',
  provenance: {
    kind: 'constructed',
    rule: 'reclaim only trylocks dma_resv',
    where:
      'seed 001 (König, dri-devel 20 Mar 2018); Message-Id 20190820145336.15649-2-daniel.vetter@ffwll.ch (lockdep priming)',
  },
  simplifications: [],
  shrink: { blockingLock: true },
});
