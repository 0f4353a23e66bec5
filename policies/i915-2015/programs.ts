import { fenceSignal, gpuRunJobPtes, NONE, oldestUnsignaled, type Policy, program } from '../../model/index.ts';
import { execbufProgram } from './execbuf.ts';
import { closeProgram, createProgram, faultProgram, ioctl, madviseProgram } from './ioctls.ts';
import type { I915Parts } from './parts.ts';
import { shrink2015 } from './shrink.ts';
import { vmaBindProgram, vmaUnbindProgram } from './vma.ts';

/** The GPU completes a timeline's oldest job: dma_fence_signal, and the job retires. @category Policies */
export const signalProgram = program('signal', {
  signal: (k, f) => {
    const fence = oldestUnsignaled(k, f.arg);
    if (fence !== NONE) fenceSignal(k, fence);
  },
});

/**
 * The same, with the job's DMA issued through its VMAs' PTEs before the fence signals
 * (`gpuRunJobPtes`): a PTE an unmap left behind is then an IOMMU fault (strict) or a stale access
 * (flush queue). Only the policies whose bug leaves such PTEs use it (B02); on the others the
 * lifetime invariants speak first and the data path adds nothing. @category Policies
 */
export const signalThroughPtesProgram = program('signal', {
  signal: (k, f) => {
    const fence = oldestUnsignaled(k, f.arg);
    if (fence === NONE) return;
    gpuRunJobPtes(k, fence);
    fenceSignal(k, fence);
  },
});

/**
 * The i915 GEM programs of 2015 (create, bind, unbind, execbuf, signal, shrink, close and their
 * helpers), with `parts` replacing the places a variant differs (where it maps and unmaps, how it
 * locks, ...). `dmacheck init --from i915` starts from these.
 * @category Policies
 */
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
