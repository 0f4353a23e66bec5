import { CTX, MADV, NONE, USAGE } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * DMA-AFTER-FREE: a page goes back to the allocator only when no unsignaled fence's job may access
 * it and no GPU PTE points at it (a live IOMMU mapping of it is NO-LEAK's). dma-fence cross-driver
 * contract (drivers/dma-buf/dma-fence.c); Documentation/gpu/drm-vm-bind-locking.rst (userptr: "the
 * only thing gating pages from being handed back to the system" is the notifier; xe MR 215).
 */
export const dmaAfterFree: Invariant = {
  code: 'DMA-AFTER-FREE',
  summary: 'a page is freed only when no unsignaled fence covers it and no GPU PTE points at it',
  source:
    'drivers/dma-buf/dma-fence.c (cross-driver contract); Documentation/gpu/drm-vm-bind-locking.rst; KERNEL.md B06',
  events: {
    page_free: (_w, e) => {
      if (e.c === 0 && e.d === 0) return null;
      return (
        `page ${e.a} of obj#${e.obj} went back to the allocator while ${e.d} unsignaled fence(s) ` +
        `may access it and ${e.c} GPU PTE(s) point at it: the GPU can write into the next owner's data`
      );
    },
  },
  guard: {
    describe: 'reclaim, an invalidation or a dma-buf move meets an object whose job is still running',
    events: {
      notifier_call: (_w, e) => e.b > 0,
      // The exporter moves a buffer an importer's job (a non-KERNEL fence) may still be writing.
      move_notify: (w, e) => {
        const r = w.resvs[w.objects[e.obj]?.resv ?? NONE];
        return r?.fences.some((f, i) => (r.usages[i] ?? 0) > USAGE.KERNEL && !w.fences[f]?.signaled) === true;
      },
    },
    object: (w, o) => o.active > 0 && o.madv === MADV.DONTNEED && (w.contexts[CTX.R]?.stack.length ?? 0) > 0,
  },
};
