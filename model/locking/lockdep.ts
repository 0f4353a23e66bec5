import { EV, type Held, type Kernel, kernelWarn, type Lockdep } from '../core/index.ts';

/**
 * A lockdep-like validator (kernel/locking/lockdep.c): the locks each context holds and the graph
 * of observed "held A while acquiring B" dependencies between lock classes. A new dependency that
 * closes a cycle is recorded as a `lock_cycle` event; LOCK-ORDER reports it as a lockdep splat.
 *
 * As in lockdep, a dependency is recorded when the acquisition is attempted (before it can block),
 * a trylock adds no dependency into its class (it cannot block) but locks taken while holding it
 * depend on it, and the pseudo-locks below model contexts rather than locks.
 * @category Locking
 */
export const LOCK_CLASSES = [
  '&mm->mmap_lock',
  'reservation_ww_class_acquire',
  'reservation_ww_class_mutex',
  /** Held by reclaim; "might" be taken by every GFP_KERNEL allocation (fs_reclaim_acquire). */
  'fs_reclaim',
  '&mapping->i_mmap_rwsem',
  /** Held around MMU-notifier callbacks (__mmu_notifier_invalidate_range_start_map). */
  'mmu_notifier_invalidate_range_start',
  /** Read-held in fence signalling sections, acquired for write by dma_fence_wait (dma-fence.c). */
  'dma_fence_map',
  '&dev->struct_mutex',
  /** struct_mutex taken with mutex_lock_nested(..., I915_MM_SHRINKER): lockdep sees another class. */
  '&dev->struct_mutex/1',
  /** The driver's notifier lock (i915 `mm.notifier_lock`, amdgpu `notifier_lock`, xe `userptr.notifier_lock`). */
  '&notifier_lock',
] as const;
/** A lock class lockdep tracks, one of `LOCK_CLASSES`; `LOCK[cls]` is its number. @category Locking */
export type LockClass = (typeof LOCK_CLASSES)[number];
/** Lock class numbers by name (`LOCK['&mm->mmap_lock']`), in `LOCK_CLASSES` order. @category Locking */
export const LOCK = Object.fromEntries(LOCK_CLASSES.map((c, i) => [c, i])) as { readonly [K in LockClass]: number };
const N = LOCK_CLASSES.length;

/** Flags of a `lock_acquire` event: how the lock was taken and what the context was doing. @category Locking */
export const ACQ = {
  TRYLOCK: 1,
  READ: 2,
  /** The context holds fs_reclaim: it is reclaim (kswapd or direct). */
  IN_RECLAIM: 4,
  /** The context is inside an MMU-notifier callback. */
  IN_NOTIFIER: 8,
  /** The context is inside a fence signalling critical section. */
  IN_SIGNALLING: 16,
} as const;

/**
 * Boot-time priming, `dma_resv_lockdep()` in drivers/dma-buf/dma-resv.c (commit "dma_resv: prime
 * lockdep annotations", Vetter 2019): mmap_lock(read) → ww ctx → dma_resv → fs_reclaim →
 * i_mmap_rwsem; and inside fs_reclaim, the notifier map → dma_fence_map (might wait). Any driver
 * that takes these in the other order closes a cycle at once, without ever deadlocking in a test.
 */
const PRIMED: readonly (readonly LockClass[])[] = [
  [
    '&mm->mmap_lock',
    'reservation_ww_class_acquire',
    'reservation_ww_class_mutex',
    'fs_reclaim',
    '&mapping->i_mmap_rwsem',
  ],
  [
    '&mm->mmap_lock',
    'reservation_ww_class_acquire',
    'reservation_ww_class_mutex',
    'fs_reclaim',
    'mmu_notifier_invalidate_range_start',
    'dma_fence_map',
  ],
];

function primed(): Lockdep {
  const ld: Lockdep = { dep: new Array<number>(N * N).fill(-1), deps: [] };
  for (const chain of PRIMED) {
    for (let j = 1; j < chain.length; j++) {
      for (let i = 0; i < j; i++) {
        const a = LOCK[chain[i] as LockClass];
        const b = LOCK[chain[j] as LockClass];
        if (ld.dep[a * N + b] === -1) {
          ld.dep[a * N + b] = ld.deps.length;
          ld.deps.push({ from: a, to: b, ctx: -1, step: 0, where: 'dma_resv_lockdep() (boot)' });
        }
      }
    }
  }
  return ld;
}

/** The boot-time graph, built once: every run copies it (dependency records are never changed). */
const BOOT = primed();

/**
 * A fresh lock-dependency graph holding the boot-time (primed) dependencies, such as
 * fs_reclaim → mmap_lock → dma_resv (KERNEL.md §1.13).
 * @category Locking
 */
export function newLockdep(): Lockdep {
  return { dep: BOOT.dep.slice(), deps: BOOT.deps.slice() };
}

/** The context's state as `lock_acquire` flags. @category Locking */
export function ctxFlags(k: Kernel): number {
  let f = 0;
  for (const h of heldBy(k)) {
    if (h.cls === LOCK.fs_reclaim) f |= ACQ.IN_RECLAIM;
    else if (h.cls === LOCK.mmu_notifier_invalidate_range_start) f |= ACQ.IN_NOTIFIER;
    else if (h.cls === LOCK.dma_fence_map && h.read) f |= ACQ.IN_SIGNALLING;
  }
  return f;
}

function heldBy(k: Kernel): Held[] {
  const c = k.w.contexts[k.ctx];
  if (c === undefined) throw new Error(`unknown context ${k.ctx}`);
  return c.held;
}

/**
 * `lockdep_is_held` for the running context: true when it holds a lock of class `cls` (and instance
 * `inst`, unless -1). Policies use it where the kernel asserts a lock (`dma_resv_assert_held`).
 * @category Locking
 */
export function holds(k: Kernel, cls: number, inst = -1): boolean {
  for (const h of heldBy(k)) if (h.cls === cls && (inst === -1 || h.inst === inst)) return true;
  return false;
}

/** Records the dependencies of acquiring `cls` now (lockdep's check_prevs_add). */
function addDeps(k: Kernel, cls: number): void {
  const ld = k.w.lockdep;
  for (const h of heldBy(k)) {
    // Several reservations under one ww acquire context are allowed (ww_mutex_lock's nest_lock;
    // Documentation/locking/ww-mutex-design.rst): no self-dependency for the ww class.
    if (h.cls === cls && cls === LOCK.reservation_ww_class_mutex) continue;
    const at = h.cls * N + cls;
    if (ld.dep[at] !== -1) continue;
    // A new edge h.cls → cls closes a cycle if cls already reaches h.cls.
    const cycle = h.cls === cls || reaches(ld, cls, h.cls);
    ld.dep[at] = ld.deps.length;
    ld.deps.push({ from: h.cls, to: cls, ctx: k.ctx, step: k.w.step, where: k.where });
    if (cycle) k.emit(EV.lock_cycle, -1, h.cls, cls, 0);
  }
}

/** Is there a dependency path from `a` to `b`? @category Locking */
export function reaches(ld: Lockdep, a: number, b: number): boolean {
  const seen = new Array<boolean>(N).fill(false);
  const stack = [a];
  seen[a] = true;
  while (stack.length > 0) {
    const x = stack.pop() as number;
    for (let y = 0; y < N; y++) {
      if (ld.dep[x * N + y] === -1 || seen[y]) continue;
      if (y === b) return true;
      seen[y] = true;
      stack.push(y);
    }
  }
  return false;
}

/**
 * A dependency path from `a` to `b` as classes, shortest first (breadth-first), or null: what a
 * lockdep splat prints as "the existing dependency chain".
 * @category Locking
 */
export function path(ld: Lockdep, a: number, b: number): number[] | null {
  const prev = new Array<number>(N).fill(-2);
  prev[a] = -1;
  const queue = [a];
  while (queue.length > 0) {
    const x = queue.shift() as number;
    if (x === b && x !== a) break;
    for (let y = 0; y < N; y++) {
      if (ld.dep[x * N + y] === -1 || prev[y] !== -2) continue;
      prev[y] = x;
      queue.push(y);
    }
  }
  if (prev[b] === -2) return null;
  const out = [b];
  for (let x = prev[b] as number; x !== -1; x = prev[x] as number) out.unshift(x);
  return out;
}

/**
 * `lock_acquire`: records the attempt (with the context's flags) and, unless it is a trylock, the
 * dependencies on every lock held. Call it before deciding whether the acquisition blocks; call
 * `lockHeld` once the lock is actually taken.
 * Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read it) and, for a recursive take or a
 * new dependency closing a cycle, `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category Locking
 */
export function lockAttempt(k: Kernel, cls: number, inst: number, flags: number): void {
  for (const h of heldBy(k)) {
    if (h.cls === cls && h.inst === inst && (flags & ACQ.READ) === 0) {
      k.emit(EV.lock_recursive, -1, cls, inst, 0);
      break;
    }
  }
  k.emit(EV.lock_acquire, -1, cls, inst, flags | ctxFlags(k));
  if ((flags & ACQ.TRYLOCK) === 0) addDeps(k, cls);
}

/**
 * The lock is now held by this context.
 * Records no event.
 * @category Locking
 */
export function lockHeld(k: Kernel, cls: number, inst: number, flags: number): void {
  heldBy(k).push({
    cls,
    inst,
    trylock: (flags & ACQ.TRYLOCK) !== 0,
    read: (flags & ACQ.READ) !== 0,
    step: k.w.step,
    where: k.where,
  });
}

/**
 * `lock_release`.
 * Kernel: kernel/locking/lockdep.c. Records no event; the lock leaves the context's held list.
 * Releasing a lock the context does not hold raises a kernel warning (WARN-ON).
 * @category Locking
 */
export function lockRelease(k: Kernel, cls: number, inst: number): void {
  const held = heldBy(k);
  for (let i = held.length - 1; i >= 0; i--) {
    const h = held[i] as Held;
    if (h.cls === cls && h.inst === inst) {
      held.splice(i, 1);
      return;
    }
  }
  // kernel/locking/lockdep.c print_unlock_imbalance_bug: "WARNING: bad unlock balance detected!".
  kernelWarn(`context ${k.ctx} releases ${LOCK_CLASSES[cls]} it does not hold`);
}

/**
 * `might_lock` / `lock_map_acquire` + release: the dependencies of a lock that may be taken here.
 * Kernel: include/linux/lockdep.h. Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read
 * it) and, for a recursive take or a new dependency closing a cycle, `lock_recursive` / `lock_cycle`
 * (LOCK-ORDER).
 * @category Locking
 */
export function lockMight(k: Kernel, cls: number, read = false): void {
  lockAttempt(k, cls, -1, read ? ACQ.READ : 0);
}
