import { E, type Kernel, kernelWarn, type Mutex, NONE } from '../core/index.ts';
import { ACQ, LOCK, type LockClass, lockAttempt, lockHeld, lockRelease } from './lockdep.ts';

/**
 * Driver locks (`struct mutex`; the notifier lock is a rwlock or mutex depending on the driver,
 * modelled as a mutex). `dma_resv` has its own primitives (resv.ts), `mmap_lock` its own (mm.ts).
 * A context that would sleep on a lock blocks: its step returns BLOCK.
 * @category Locking
 */
export const MUTEXES = [
  /** `dev->struct_mutex`: i915's big lock until 2019; every GEM ioctl and the retire worker took it. */
  { name: 'struct_mutex', cls: '&dev->struct_mutex' },
  /** The driver's notifier lock, taken by the MMU-notifier callback around `mmu_interval_set_seq`. */
  { name: 'notifier_lock', cls: '&notifier_lock' },
] as const satisfies readonly { name: string; cls: LockClass }[];
/** A driver mutex the model has, one of `MUTEXES`; `MUTEX[name]` is its id. @category Locking */
export type MutexName = (typeof MUTEXES)[number]['name'];
/** Mutex ids by name (`MUTEX.struct_mutex`), for `mutexLock` and friends. @category Locking */
export const MUTEX = Object.fromEntries(MUTEXES.map((m, i) => [m.name, i])) as { readonly [K in MutexName]: number };

function mutex(k: Kernel, id: number): Mutex {
  const m = k.w.mutexes[id];
  if (m === undefined) throw new Error(`unknown mutex ${id}`);
  return m;
}

function classOf(id: number, nested?: LockClass): number {
  return LOCK[nested ?? ((MUTEXES[id]?.cls ?? '&dev->struct_mutex') as LockClass)];
}

/**
 * `mutex_lock` (`mutex_lock_nested` when `nested` names a subclass): 0 when acquired; -EBUSY when
 * another context holds it (the caller sleeps: return BLOCK); -EDEADLK when this context already
 * holds it (a self-deadlock; lockdep reports recursive locking).
 * Kernel: `mutex_lock` (kernel/locking/mutex.c). Records `lock_acquire` (RECLAIM-TRYLOCK and
 * SIGNALLING-CLEAN read it) and, for a recursive take or a new dependency closing a cycle,
 * `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category Locking
 */
export function mutexLock(k: Kernel, id: number, nested?: LockClass): number {
  const m = mutex(k, id);
  const cls = classOf(id, nested);
  lockAttempt(k, cls, id, 0);
  if (m.owner === k.ctx) return E.DEADLK;
  if (m.owner !== NONE) return E.BUSY;
  m.owner = k.ctx;
  m.cls = cls;
  lockHeld(k, cls, id, 0);
  return 0;
}

/**
 * `mutex_trylock`.
 * Kernel: kernel/locking/mutex.c. A taken lock records `lock_acquire` as a trylock; a failed one
 * records nothing.
 * @category Locking
 */
export function mutexTrylock(k: Kernel, id: number): boolean {
  const m = mutex(k, id);
  if (m.owner !== NONE) return false;
  const cls = classOf(id);
  lockAttempt(k, cls, id, ACQ.TRYLOCK);
  m.owner = k.ctx;
  m.cls = cls;
  lockHeld(k, cls, id, ACQ.TRYLOCK);
  return true;
}

/**
 * `mutex_unlock` (kernel/locking/mutex.c): releases mutex `id` (lockdep `lock_release`: the context no
 * longer holds it; no event).
 * Unlocking a mutex this context does not hold raises a kernel warning (WARN-ON).
 * @category Locking
 */
export function mutexUnlock(k: Kernel, id: number): void {
  const m = mutex(k, id);
  // kernel/locking/mutex.c __mutex_unlock_slowpath: DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current).
  if (m.owner !== k.ctx) kernelWarn(`ctx ${k.ctx} unlocks ${MUTEXES[id]?.name} held by ${m.owner}`);
  m.owner = NONE;
  lockRelease(k, m.cls, id);
}

/**
 * `mutex_is_locked_by(lock, current)` (i915's helper of the era).
 * Records no event.
 * @category Locking
 */
export function mutexHeldByMe(k: Kernel, id: number): boolean {
  return mutex(k, id).owner === k.ctx;
}
