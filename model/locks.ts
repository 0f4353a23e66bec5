import { EV } from './events.ts';
import { NONE } from './ids.ts';
import type { Kernel } from './kernel.ts';
import { E } from './kinds.ts';
import type { Mutex } from './world.ts';

/**
 * Driver mutexes (`struct mutex`). `dma_resv` has its own primitives (resv.ts). A mutex is held by
 * one context; a context that would sleep on it blocks (its step returns BLOCK).
 */
export const MUTEXES = [
  /** `dev->struct_mutex`: i915's big lock until 2019; every GEM ioctl and the retire worker took it. */
  'struct_mutex',
] as const;
export type MutexName = (typeof MUTEXES)[number];
export const MUTEX = Object.fromEntries(MUTEXES.map((m, i) => [m, i])) as { readonly [K in MutexName]: number };

function mutex(k: Kernel, id: number): Mutex {
  const m = k.w.mutexes[id];
  if (m === undefined) throw new Error(`unknown mutex ${id}`);
  return m;
}

/**
 * `mutex_lock`: 0 when acquired; -EBUSY when another context holds it (the caller sleeps: return
 * BLOCK, having changed nothing); -EDEADLK when this context already holds it (a self-deadlock,
 * which lockdep reports as recursive locking).
 */
export function mutexLock(k: Kernel, id: number): number {
  const m = mutex(k, id);
  if (m.owner === k.ctx) {
    k.emit(EV.lock_recursive, NONE, id, 0, 0);
    return E.DEADLK;
  }
  if (m.owner !== NONE) return E.BUSY;
  m.owner = k.ctx;
  k.emit(EV.mutex_lock, NONE, id, 0, 0);
  return 0;
}

/** `mutex_trylock`. */
export function mutexTrylock(k: Kernel, id: number): boolean {
  const m = mutex(k, id);
  if (m.owner !== NONE) return false;
  m.owner = k.ctx;
  k.emit(EV.mutex_lock, NONE, id, 1, 0);
  return true;
}

export function mutexUnlock(k: Kernel, id: number): void {
  const m = mutex(k, id);
  if (m.owner !== k.ctx) throw new Error(`ctx ${k.ctx} unlocks ${MUTEXES[id]} held by ${m.owner}`);
  m.owner = NONE;
  k.emit(EV.mutex_unlock, NONE, id, 0, 0);
}

/** `mutex_is_locked_by(lock, current)` (i915's helper of the era). */
export function mutexHeldByMe(k: Kernel, id: number): boolean {
  return mutex(k, id).owner === k.ctx;
}
