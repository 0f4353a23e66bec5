import { ACQ, CONTEXTS, LOCK } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

const RESV = LOCK.reservation_ww_class_mutex;
const RECLAIMING = ACQ.IN_RECLAIM | ACQ.IN_NOTIFIER;

/**
 * RECLAIM-TRYLOCK: the shrinker and MMU notifiers take a reservation only by trylock, and skip the
 * object when it fails. König, seed 001: "you can only trylock them" / "you actually can't take
 * the reservation object lock in an mmu_invalidate_range callback and you can only trylock it in a
 * shrink_slab callback"; i915_gem_shrinker.c; dma_resv_lockdep() priming (Vetter, 2019).
 */
export const reclaimTrylock: Invariant = {
  code: 'RECLAIM-TRYLOCK',
  summary: 'reclaim and MMU notifiers only trylock reservations; a failed trylock skips the object',
  source:
    'seed 001 (König, 19-20 Mar 2018); drivers/gpu/drm/i915/gem/i915_gem_shrinker.c; "dma_resv: prime lockdep annotations"',
  events: {
    lock_acquire: (_w, e) => {
      if (e.a !== RESV || (e.c & ACQ.TRYLOCK) !== 0 || (e.c & RECLAIMING) === 0) return null;
      const where = (e.c & ACQ.IN_RECLAIM) !== 0 ? 'reclaim (fs_reclaim held)' : 'an MMU-notifier callback';
      return `[${CONTEXTS[e.ctx]}] blocks on dma_resv_lock(resv#${e.b}) inside ${where}: only dma_resv_trylock is allowed there`;
    },
  },
  guard: {
    describe: 'reclaim or a notifier takes a reservation',
    events: { lock_acquire: (_w, e) => e.a === RESV && (e.c & RECLAIMING) !== 0 },
  },
};
