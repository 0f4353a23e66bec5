import { fenceSignal, NONE, oldestUnsignaled, type Policy, program } from '../../model/index.ts';
import { execbufProgram } from './execbuf.ts';
import { closeProgram, createProgram, faultProgram, ioctl, madviseProgram } from './ioctls.ts';
import type { I915Parts } from './parts.ts';
import { shrink2015 } from './shrink.ts';
import { vmaBindProgram, vmaUnbindProgram } from './vma.ts';

/** The GPU completes a timeline's oldest job: dma_fence_signal, and the job retires. */
export const signalProgram = program('signal', {
  signal: (k, f) => {
    const fence = oldestUnsignaled(k, f.arg);
    if (fence !== NONE) fenceSignal(k, fence);
  },
});

export function i915Programs(parts: I915Parts = {}): Policy['programs'] {
  return {
    vma_bind: vmaBindProgram(parts),
    vma_unbind: vmaUnbindProgram(parts),
    create: createProgram(parts),
    bind: ioctl('bind', 'vma_bind', parts),
    unbind: ioctl('unbind', 'vma_unbind', parts),
    execbuf: execbufProgram(parts),
    signal: signalProgram,
    shrink: shrink2015(),
    close: closeProgram(parts),
    madvise: madviseProgram(parts),
    fault: faultProgram(parts),
  };
}

export { timelineOf } from './execbuf.ts';
