import { EV, type Kernel, NONE } from '../core/index.ts';
import { ctxFlags, LOCK, lockAttempt, lockHeld, lockMight, lockRelease } from '../locking/index.ts';

/**
 * Memory allocation and reclaim, as lockdep sees them (mm/page_alloc.c `fs_reclaim_acquire`):
 * reclaim holds the `fs_reclaim` pseudo-lock while shrinkers and notifiers run, and every
 * allocation that may enter reclaim "might" take it, so a lock held around such an allocation
 * must never be taken (blocking) from reclaim.
 * @category mm
 */
export const GFP = {
  /** GFP_KERNEL: may sleep and reclaim (fs and io). */
  KERNEL: 0,
  /** GFP_NOFS / GFP_NOIO: may reclaim, but not enter the filesystem (still reclaim, still fs_reclaim). */
  NOFS: 1,
  /** GFP_ATOMIC / GFP_NOWAIT: never reclaims. */
  ATOMIC: 2,
} as const;

const FS_RECLAIM = LOCK.fs_reclaim;

/**
 * An allocation with the given flags: lockdep's might-reclaim annotation, and an event.
 * Records `alloc` (SIGNALLING-CLEAN) and, for a GFP that may reclaim, records `lock_acquire` (RECLAIM-
 * TRYLOCK and SIGNALLING-CLEAN read it) and, for a recursive take or a new dependency closing a cycle,
 * `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category mm
 */
export function gfpAlloc(k: Kernel, gfp: number): void {
  k.emit(EV.alloc, NONE, gfp, ctxFlags(k), 0);
  if (gfp !== GFP.ATOMIC) lockMight(k, FS_RECLAIM);
}

/**
 * Reclaim begins in this context (kswapd's balance_pgdat, or direct reclaim in an allocator).
 * Kernel: `fs_reclaim_acquire` (mm/page_alloc.c). Records `lock_acquire` (RECLAIM-TRYLOCK and
 * SIGNALLING-CLEAN read it) and, for a recursive take or a new dependency closing a cycle,
 * `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category mm
 */
export function fsReclaimAcquire(k: Kernel): void {
  lockAttempt(k, FS_RECLAIM, NONE, 0);
  lockHeld(k, FS_RECLAIM, NONE, 0);
}

/**
 * Reclaim ends in this context (`fs_reclaim_release`, mm/page_alloc.c): releases the `fs_reclaim`
 * lockdep map `fsReclaimAcquire` took.
 * @category mm
 */
export function fsReclaimRelease(k: Kernel): void {
  lockRelease(k, FS_RECLAIM, NONE);
}
