import { fenceAt, objAt, vmaAt } from './access.ts';
import { EV } from './events.ts';
import type { FenceId, VmaId } from './ids.ts';
import type { Kernel } from './kernel.ts';
import { E } from './kinds.ts';

/**
 * `dma_fence` primitives (drivers/dma-buf/dma-fence.c). A fence stands for a GPU job: the VMAs it
 * lists (and through their PTEs the pages) may be read or written by the GPU until it signals.
 */

/** Creates an unsignaled fence for a job using `vmas`; marks them and their objects active. */
export function fenceCreate(k: Kernel, context: number, vmas: readonly VmaId[], write: boolean): FenceId {
  const w = k.w;
  const id = w.fences.length as FenceId;
  let seqno = 1;
  for (let i = w.fences.length - 1; i >= 0; i--) {
    const f = w.fences[i];
    if (f !== undefined && f.context === context) {
      seqno = f.seqno + 1;
      break;
    }
  }
  w.fences.push({ id, context, seqno, signaled: false, signalCalls: 0, vmas, write });
  for (const v of vmas) {
    const vma = vmaAt(w, v);
    vma.active++;
    const o = objAt(w, vma.obj);
    o.active++;
    k.touch(o);
  }
  return id;
}

/**
 * `dma_fence_signal`: sets the signaled bit once; a second call returns -EINVAL and changes
 * nothing (KUnit dma-fence `test_signaling`). Signalling retires the job: its VMAs and objects
 * become idle.
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
  for (const v of f.vmas) {
    const vma = vmaAt(w, v);
    vma.active--;
    const o = objAt(w, vma.obj);
    o.active--;
    k.touch(o);
  }
  return 0;
}

/** The oldest unsignaled fence of a timeline, or -1. */
export function oldestUnsignaled(k: Kernel, context: number): FenceId | -1 {
  for (const f of k.w.fences) if (f.context === context && !f.signaled) return f.id;
  return -1;
}
