import {
  E,
  EV,
  type FenceId,
  fenceAt,
  type Kernel,
  NONE,
  objAt,
  type PageId,
  pageAt,
  type VmaId,
  vmaAt,
} from '../core/index.ts';
import { ACQ, LOCK, lockAttempt, lockHeld, lockMight, lockRelease } from '../locking/index.ts';

/**
 * `dma_fence` primitives (drivers/dma-buf/dma-fence.c). A fence stands for a GPU job: the VMAs it
 * lists (and through their PTEs the pages) may be read or written by the GPU until it signals.
 */

/**
 * Creates an unsignaled fence for a job using `vmas`; marks them and their objects active.
 * Kernel: `dma_fence_init` (drivers/dma-buf/dma-fence.c) at job submission. Records no event; state: a
 * new `Fence`, its VMAs' and objects' `active` counts.
 * @category Fences and reservations
 */
export function fenceCreate(k: Kernel, context: number, vmas: readonly VmaId[], write: boolean): FenceId {
  const w = k.w;
  const id = w.fences.length as FenceId;
  const seqno = nextSeqno(k, context);
  const pages: PageId[] = [];
  for (const v of vmas) {
    const vma = vmaAt(w, v);
    vma.active++;
    for (const p of vma.ptePages) {
      if (p === NONE) continue;
      pageAt(w, p).busy++;
      pages.push(p as PageId);
    }
    const o = objAt(w, vma.obj);
    o.active++;
    k.touch(o);
  }
  w.fences.push({ id, context, seqno, signaled: false, signalCalls: 0, vmas, pages, write });
  return id;
}

/** The next seqno on a timeline (`dma_fence_init` with the context's counter). */
function nextSeqno(k: Kernel, context: number): number {
  const fences = k.w.fences;
  for (let i = fences.length - 1; i >= 0; i--) {
    const f = fences[i];
    if (f !== undefined && f.context === context) return f.seqno + 1;
  }
  return 1;
}

/**
 * A fence for a job that accesses `pages` directly (an importing device's job, not through VMAs).
 * Kernel: `dma_fence_init` (drivers/dma-buf/dma-fence.c). Records no event.
 * @category Fences and reservations
 */
export function fenceCreatePages(k: Kernel, context: number, pages: readonly PageId[], write: boolean): FenceId {
  const w = k.w;
  const id = w.fences.length as FenceId;
  const seqno = nextSeqno(k, context);
  for (const p of pages) pageAt(w, p).busy++;
  w.fences.push({ id, context, seqno, signaled: false, signalCalls: 0, vmas: [], pages: [...pages], write });
  return id;
}

/**
 * `dma_fence_signal`: sets the signaled bit once; a second call returns -EINVAL and changes
 * nothing (KUnit dma-fence `test_signaling`). Signalling retires the job: its VMAs and objects
 * become idle.
 * Kernel: `dma_fence_signal` (drivers/dma-buf/dma-fence.c). Records `fence_signal` (FENCE-ONCE reports
 * a second signal).
 * @category Fences and reservations
 */
export function fenceSignal(k: Kernel, fence: FenceId): number {
  const w = k.w;
  const f = fenceAt(w, fence);
  f.signalCalls++;
  if (f.signaled) {
    k.emit(EV.fence_signal, -1, fence, 1, 0);
    return E.INVAL;
  }
  f.signaled = true;
  k.emit(EV.fence_signal, -1, fence, 0, 0);
  for (const p of f.pages) pageAt(w, p).busy--;
  for (const v of f.vmas) {
    const vma = vmaAt(w, v);
    vma.active--;
    const o = objAt(w, vma.obj);
    o.active--;
    k.touch(o);
  }
  return 0;
}

/**
 * The oldest unsignaled fence of a timeline, or -1.
 * Records no event.
 * @category Fences and reservations
 */
export function oldestUnsignaled(k: Kernel, context: number): FenceId | -1 {
  for (const f of k.w.fences) if (f.context === context && !f.signaled) return f.id;
  return -1;
}

/**
 * `dma_fence_begin_signalling` / `_end_signalling`: a read-held `dma_fence_map` for lockdep. Inside,
 * nothing may wait for memory reclaim or take a dma_resv lock (drivers/dma-buf/dma-fence.c, DOC
 * "fence signalling annotation"; commit 5fbff813a4a3).
 * Kernel: drivers/dma-buf/dma-fence.c. Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN
 * read it) and, for a recursive take or a new dependency closing a cycle, `lock_recursive` /
 * `lock_cycle` (LOCK-ORDER).
 * @category Fences and reservations
 */
export function fenceBeginSignalling(k: Kernel): void {
  lockAttempt(k, LOCK.dma_fence_map, NONE, ACQ.READ);
  lockHeld(k, LOCK.dma_fence_map, NONE, ACQ.READ);
}

/**
 * `dma_fence_end_signalling` (drivers/dma-buf/dma-fence.c): ends the critical section
 * `fenceBeginSignalling` opened. The `dma_fence_map` lockdep map leaves the context's held list;
 * records no event.
 * @category Fences and reservations
 */
export function fenceEndSignalling(k: Kernel): void {
  lockRelease(k, LOCK.dma_fence_map, NONE);
}

/**
 * `dma_fence_wait` on a fence: true once it has signaled (the caller BLOCKs until then). Lockdep
 * sees a write acquisition of `dma_fence_map` (`__dma_fence_might_wait`), allowed under dma_resv,
 * in shrinkers and in notifiers by the cross-driver contract.
 * Kernel: `dma_fence_wait` (drivers/dma-buf/dma-fence.c). Records `lock_acquire` (RECLAIM-TRYLOCK and
 * SIGNALLING-CLEAN read it) and, for a recursive take or a new dependency closing a cycle,
 * `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category Fences and reservations
 */
export function fenceWait(k: Kernel, fence: FenceId): boolean {
  lockMight(k, LOCK.dma_fence_map);
  return fenceAt(k.w, fence).signaled;
}

/**
 * `dma_resv_wait_timeout(resv, usage)` over an object's reservation: true once idle.
 * Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read it) and, for a recursive take or a
 * new dependency closing a cycle, `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category Fences and reservations
 */
export function fencesIdle(k: Kernel, fences: readonly FenceId[]): boolean {
  lockMight(k, LOCK.dma_fence_map);
  for (const f of fences) if (!fenceAt(k.w, f).signaled) return false;
  return true;
}
