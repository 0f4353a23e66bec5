import { E, EV, type FenceId, type Kernel, kernelWarn, NONE, type ResvId, resvAt } from '../core/index.ts';
import { ACQ, LOCK, lockAttempt, lockHeld, lockMight, lockRelease } from '../locking/index.ts';

/**
 * `dma_resv` primitives (include/linux/dma-resv.h, drivers/dma-buf/dma-resv.c). The lock is a
 * ww_mutex of class `reservation_ww_class_mutex`; `enum dma_resv_usage`: KERNEL < WRITE < READ < BOOKKEEP.
 * @category Fences and reservations
 */
export const USAGE = { KERNEL: 0, WRITE: 1, READ: 2, BOOKKEEP: 3 } as const;
const RESV = LOCK.reservation_ww_class_mutex;

/**
 * `dma_resv_trylock`: takes the lock if free. Never blocks, takes no acquire context.
 * Kernel: include/linux/dma-resv.h. A taken lock records `lock_acquire` as a trylock (RECLAIM-TRYLOCK
 * accepts it in reclaim); a failed one records nothing.
 * @category Fences and reservations
 */
export function resvTrylock(k: Kernel, resv: ResvId): boolean {
  const r = resvAt(k.w, resv);
  if (r.owner !== NONE) return false;
  lockAttempt(k, RESV, resv, ACQ.TRYLOCK);
  r.owner = k.ctx;
  lockHeld(k, RESV, resv, ACQ.TRYLOCK);
  return true;
}

/**
 * `dma_resv_lock(obj, ctx)`: 0 when acquired; -EALREADY when this context already holds it (ww
 * semantics with the same acquire context); -EBUSY when another context holds it, meaning the
 * caller sleeps: its step must return BLOCK. The attempt is what lockdep validates.
 * Kernel: include/linux/dma-resv.h (`ww_mutex_lock`, kernel/locking/mutex.c). Records
 * `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read it) and, for a recursive take or a new
 * dependency closing a cycle, `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category Fences and reservations
 */
export function resvLock(k: Kernel, resv: ResvId): number {
  const r = resvAt(k.w, resv);
  if (r.owner === k.ctx) return E.ALREADY;
  lockAttempt(k, RESV, resv, 0);
  if (r.owner !== NONE) return E.BUSY;
  r.owner = k.ctx;
  lockHeld(k, RESV, resv, 0);
  return 0;
}

/**
 * `dma_resv_unlock` (include/linux/dma-resv.h): releases the reservation; it leaves the context's held
 * list (lockdep `lock_release`; no event). Unlocking a reservation this context does not hold
 * raises a kernel warning (WARN-ON).
 * @category Fences and reservations
 */
export function resvUnlock(k: Kernel, resv: ResvId): void {
  const r = resvAt(k.w, resv);
  // kernel/locking/lockdep.c print_unlock_imbalance_bug: "WARNING: bad unlock balance detected!".
  if (r.owner !== k.ctx) kernelWarn(`ctx ${k.ctx} unlocks resv#${resv} held by ${r.owner}`);
  r.owner = NONE;
  lockRelease(k, RESV, resv);
}

/**
 * `dma_resv_add_fence`. Records whether the caller held the lock (FENCE-UNDER-LOCK reads it).
 * Kernel: drivers/dma-buf/dma-resv.c. Records `resv_add_fence` (FENCE-UNDER-LOCK).
 * @category Fences and reservations
 */
export function resvAddFence(k: Kernel, resv: ResvId, fence: FenceId, usage: number): void {
  const r = resvAt(k.w, resv);
  r.fences.push(fence);
  r.usages.push(usage);
  k.emit(EV.resv_add_fence, NONE, fence, resv, r.owner === k.ctx ? 1 : 0);
}

/**
 * True when every fence of the reservation with usage <= `usage` has signaled (`dma_resv_test_signaled`).
 * Kernel: drivers/dma-buf/dma-resv.c. Records no event.
 * @category Fences and reservations
 */
export function resvIdle(k: Kernel, resv: ResvId, usage: number): boolean {
  const r = resvAt(k.w, resv);
  for (let i = 0; i < r.fences.length; i++) {
    const f = k.w.fences[r.fences[i] as number];
    if (f !== undefined && !f.signaled && (r.usages[i] as number) <= usage) return false;
  }
  return true;
}

/**
 * `dma_resv_wait_timeout(resv, usage)`: true once every fence of at most that usage has signaled
 * (the caller BLOCKs until then). A wait: lockdep's might-wait on `dma_fence_map`.
 * Kernel: drivers/dma-buf/dma-resv.c. Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN
 * read it) and, for a recursive take or a new dependency closing a cycle, `lock_recursive` /
 * `lock_cycle` (LOCK-ORDER).
 * @category Fences and reservations
 */
export function resvWaitIdle(k: Kernel, resv: ResvId, usage: number): boolean {
  lockMight(k, LOCK.dma_fence_map);
  return resvIdle(k, resv, usage);
}
