import { fenceAt } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * FENCE-ONCE: a fence signals once, and the fences of one context (timeline) signal in seqno
 * order. drivers/dma-buf/dma-fence.c (signaling a signaled fence returns -EINVAL; "fences of one
 * context are totally ordered"); KUnit dma-fence `test_signaling` (st-dma-fence.c).
 */
export const fenceOnce: Invariant = {
  code: 'FENCE-ONCE',
  summary: 'a fence signals once, and fences of one timeline signal in seqno order',
  source: 'drivers/dma-buf/dma-fence.c; drivers/dma-buf/st-dma-fence.c test_signaling',
  events: {
    fence_signal: (w, e) => {
      const f = fenceAt(w, e.a);
      if (e.b === 1) return `dma_fence_signal on fence ${f.context}:${f.seqno}, which has already signaled`;
      const earlier = w.fences.find((x) => x.context === f.context && x.seqno < f.seqno && !x.signaled);
      return earlier === undefined
        ? null
        : `fence ${f.context}:${f.seqno} signaled before ${earlier.context}:${earlier.seqno} of the same timeline`;
    },
  },
  guard: { describe: 'a fence signaled', events: { fence_signal: () => true } },
};
