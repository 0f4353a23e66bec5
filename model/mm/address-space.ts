import {
  type ContextId,
  E,
  EV,
  type Kernel,
  NONE,
  type Obj,
  type ObjectId,
  objAt,
  type PageId,
  pageAt,
  type World,
} from '../core/index.ts';
import { ACQ, LOCK, lockAttempt, lockHeld, lockMight, lockRelease } from '../locking/index.ts';
import { allocPages, pageGet, pagePut } from './pages.ts';

/**
 * The process address space behind userptr objects: its page table slots, `mmap_lock`, GUP, and
 * the MMU interval-notifier sequence protocol (include/linux/mmu_notifier.h, mm/mmu_notifier.c,
 * Documentation/mm/hmm.rst).
 */

/** A valid slot with no page yet: the next touch (or GUP) faults one in. @category mm */
export const SLOT_EMPTY = -1;
/** A slot munmap removed: GUP fails with -EFAULT. @category mm */
export const SLOT_UNMAPPED = -2;

/** `enum mmu_notifier_event` values the model generates. @category mm */
export const MMU_EVENT = {
  /** MMU_NOTIFY_CLEAR: the pages are zapped (madvise(DONTNEED), reclaim's try_to_unmap, migration); the range stays valid. */
  CLEAR: 0,
  /** MMU_NOTIFY_UNMAP: munmap; the range is gone. */
  UNMAP: 1,
} as const;

const MMAP = LOCK['&mm->mmap_lock'];
const NOTIFIER = LOCK.mmu_notifier_invalidate_range_start;

/**
 * `mmap_read_lock`: 0, or -EBUSY while a writer holds it (the caller sleeps).
 * Kernel: include/linux/mmap_lock.h. Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read
 * it) and, for a recursive take or a new dependency closing a cycle, `lock_recursive` / `lock_cycle`
 * (LOCK-ORDER).
 * @category mm
 */
export function mmapReadLock(k: Kernel): number {
  const mm = k.w.mm;
  lockAttempt(k, MMAP, 0, ACQ.READ);
  if (mm.mmapWriter !== NONE) return E.BUSY;
  mm.mmapReaders++;
  lockHeld(k, MMAP, 0, ACQ.READ);
  return 0;
}

/**
 * `mmap_read_unlock` (include/linux/mmap_lock.h): drops a read hold of the mm's `mmap_lock` (lockdep
 * `lock_release`; no event).
 * @category mm
 */
export function mmapReadUnlock(k: Kernel): void {
  k.w.mm.mmapReaders--;
  lockRelease(k, MMAP, 0);
}

/**
 * `mmap_write_lock`: 0, or -EBUSY while anyone holds it.
 * Kernel: include/linux/mmap_lock.h. Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read
 * it) and, for a recursive take or a new dependency closing a cycle, `lock_recursive` / `lock_cycle`
 * (LOCK-ORDER).
 * @category mm
 */
export function mmapWriteLock(k: Kernel): number {
  const mm = k.w.mm;
  lockAttempt(k, MMAP, 0, 0);
  if (mm.mmapWriter !== NONE || mm.mmapReaders > 0) return E.BUSY;
  mm.mmapWriter = k.ctx as ContextId;
  lockHeld(k, MMAP, 0, 0);
  return 0;
}

/**
 * `mmap_write_unlock` (include/linux/mmap_lock.h): drops the write hold of `mmap_lock` (lockdep
 * `lock_release`; no event).
 * @category mm
 */
export function mmapWriteUnlock(k: Kernel): void {
  k.w.mm.mmapWriter = NONE;
  lockRelease(k, MMAP, 0);
}

/** The page slots of a userptr object's range. @category mm */
export function userRange(o: Obj): [number, number] {
  return [o.ustart, o.ustart + o.npages];
}

/**
 * `get_user_pages` (pin_user_pages) over a userptr object's range, with mmap_lock held for read:
 * faults in empty slots (a fresh page the mm maps), takes a pin on each page. Returns the pinned
 * pages, or -EFAULT when part of the range is unmapped (nothing is pinned then).
 * Kernel: mm/gup.c. Faulting in is an allocation (`alloc`, SIGNALLING-CLEAN; lockdep's might-reclaim).
 * Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read it) and, for a recursive take or a
 * new dependency closing a cycle, `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category mm
 */
export function gupRange(k: Kernel, obj: ObjectId): PageId[] | number {
  const w = k.w;
  const o = objAt(w, obj);
  const [start, end] = userRange(o);
  for (let s = start; s < end; s++) if (w.mm.slots[s] === SLOT_UNMAPPED) return E.FAULT;
  const out: PageId[] = [];
  for (let s = start; s < end; s++) {
    let p = w.mm.slots[s] as number;
    if (p === SLOT_EMPTY) {
      p = allocPages(k, obj, 1)[0] as PageId; // the fault: the mm's reference
      w.mm.slots[s] = p;
    }
    pageGet(k, p as PageId); // the pin
    out.push(p as PageId);
  }
  return out;
}

/**
 * Faults the range in (the user touching its own memory after creating the userptr object).
 * Records what the page faults record: `alloc` and lockdep's might-reclaim.
 * @category mm
 */
export function touchRange(k: Kernel, obj: ObjectId): void {
  const w = k.w;
  const [start, end] = userRange(objAt(w, obj));
  for (let s = start; s < end; s++) {
    if (w.mm.slots[s] === SLOT_EMPTY) w.mm.slots[s] = allocPages(k, obj, 1)[0] as PageId;
  }
}

/**
 * Unpins pages a GUP returned (`unpin_user_pages` / `put_page`).
 * Kernel: mm/gup.c. Records `page_free` for each page whose last reference this was (NO-LEAK, DMA-
 * AFTER-FREE).
 * @category mm
 */
export function unpinUserPages(k: Kernel, pages: readonly PageId[]): void {
  for (const p of pages) pagePut(k, p);
}

/** True when the pages are exactly what the range maps now (stale pages are not). @category mm */
export function pagesCurrent(w: World, o: Obj, pages: readonly number[]): boolean {
  const [start] = userRange(o);
  for (let i = 0; i < pages.length; i++) if (w.mm.slots[start + i] !== pages[i]) return false;
  return true;
}

/** The range is being invalidated and its notifier has already been told (a reader must retry). @category mm */
export function invalidatedNow(w: World, o: Obj): boolean {
  if ((w.mm.seq & 1) === 0 || o.useq !== w.mm.seq || o.ustart < 0) return false;
  const [start, end] = userRange(o);
  return start < w.mm.invEnd && w.mm.invStart < end;
}

/**
 * `mmu_interval_read_begin`: the sequence to validate against later, or NONE when an invalidation
 * of this range is in progress (the real function sleeps until it ends: the caller BLOCKs). It
 * acquires and releases the notifier map for lockdep (mm/mmu_notifier.c).
 * Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read it) and, for a recursive take or a
 * new dependency closing a cycle, `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category mm
 */
export function mmuIntervalReadBegin(k: Kernel, obj: ObjectId): number {
  const w = k.w;
  const o = objAt(w, obj);
  lockMight(k, NOTIFIER);
  const [start, end] = userRange(o);
  const busy = (w.mm.seq & 1) === 1 && w.mm.invStart < end && start < w.mm.invEnd;
  return busy ? NONE : o.useq;
}

/**
 * `mmu_interval_read_retry`: true when an invalidation began since `seq` was read.
 * Kernel: include/linux/mmu_notifier.h. Records no event.
 * @category mm
 */
export function mmuIntervalReadRetry(k: Kernel, obj: ObjectId, seq: number): boolean {
  return objAt(k.w, obj).useq !== seq;
}

/**
 * `mmu_interval_set_seq`: the notifier callback records the invalidation (under the driver lock).
 * Kernel: include/linux/mmu_notifier.h. Records no event; state: the object's notifier sequence, which
 * SEQ-PUBLISH compares at publish.
 * @category mm
 */
export function mmuIntervalSetSeq(k: Kernel, obj: ObjectId, seq: number): void {
  const o = objAt(k.w, obj);
  o.useq = seq;
  k.touch(o);
}

/**
 * Invalidation begins (`mmu_notifier_invalidate_range_start`): the sequence goes odd.
 * Kernel: include/linux/mmu_notifier.h, mm/mmu_notifier.c. The engine's `mmu_invalidate` program calls
 * it. Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read it) and, for a recursive take
 * or a new dependency closing a cycle, `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category mm
 */
export function invalidateBegin(k: Kernel, start: number, end: number): number {
  const mm = k.w.mm;
  mm.seq |= 1;
  mm.invStart = start;
  mm.invEnd = end;
  lockAttempt(k, NOTIFIER, NONE, 0);
  lockHeld(k, NOTIFIER, NONE, 0);
  return mm.seq;
}

/**
 * The core mm zaps the CPU page table of the range: each page loses the mm's reference.
 * Kernel: the zap in mm/memory.c. Records `page_free` for each page whose last reference this was (NO-
 * LEAK, DMA-AFTER-FREE).
 * @category mm
 */
export function invalidateZap(k: Kernel, event: number): void {
  const mm = k.w.mm;
  for (let s = mm.invStart; s < mm.invEnd; s++) {
    const p = mm.slots[s] as number;
    if (p >= 0) pagePut(k, p as PageId);
    mm.slots[s] = event === MMU_EVENT.UNMAP ? SLOT_UNMAPPED : SLOT_EMPTY;
  }
}

/**
 * Invalidation ends (`mmu_notifier_invalidate_range_end`): the sequence goes even again.
 * Records no event.
 * @category mm
 */
export function invalidateFinish(k: Kernel): void {
  const mm = k.w.mm;
  lockRelease(k, NOTIFIER, NONE);
  mm.seq++;
  mm.invStart = NONE;
  mm.invEnd = NONE;
}

/**
 * Records that a notifier callback is about to run for an object (coverage reads it).
 * Records `notifier_call`.
 * @category mm
 */
export function notifierCall(k: Kernel, obj: ObjectId): void {
  const o = objAt(k.w, obj);
  k.emit(EV.notifier_call, obj, o.bindCount, o.active, o.workPages.length);
}

/**
 * Records that the callback returned: the invalidation-complete invariants check the object now.
 * Records `notifier_return` (INV-COMPLETE, INV-NO-STALE-IOMMU check the object's mappings and PTEs
 * now).
 * @category mm
 */
export function notifierReturn(k: Kernel, obj: ObjectId, ok: boolean): void {
  k.emit(EV.notifier_return, obj, objAt(k.w, obj).ustart, ok ? 1 : 0, 0);
}

/** The page the mm maps at user page slot `slot` now, or NONE (an empty, unmapped or freed slot). @category mm */
export function pageOf(w: World, slot: number): number {
  const p = w.mm.slots[slot] as number;
  return p >= 0 && !pageAt(w, p).free ? p : NONE;
}

/**
 * `might_fault()` / copy_from_user: touching user memory may fault, which takes mmap_lock for read
 * (lockdep's might_lock_read). Done while holding dma_resv it inverts the primed mmap_lock →
 * dma_resv order (KERNEL.md B16).
 * Kernel: `__might_fault` (mm/memory.c). Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN
 * read it) and, for a recursive take or a new dependency closing a cycle, `lock_recursive` /
 * `lock_cycle` (LOCK-ORDER).
 * @category mm
 */
export function mightFault(k: Kernel): void {
  lockMight(k, MMAP, true);
}
