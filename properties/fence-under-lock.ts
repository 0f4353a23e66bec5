import { fenceAt } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * FENCE-UNDER-LOCK: fences are added to a reservation only while it is held
 * (include/linux/dma-resv.h: dma_resv_add_fence "must be called with the reservation object
 * locked"; drivers/dma-buf/dma-resv.c dma_resv_assert_held).
 */
export const fenceUnderLock: Invariant = {
  code: 'FENCE-UNDER-LOCK',
  summary: 'a fence is added to a reservation only while its lock is held',
  source: 'include/linux/dma-resv.h; drivers/dma-buf/dma-resv.c (dma_resv_add_fence, dma_resv_assert_held)',
  events: {
    resv_add_fence: (w, e) => {
      if (e.c === 1) return null;
      const f = fenceAt(w, e.a);
      return `dma_resv_add_fence(resv#${e.b}, fence ${f.context}:${f.seqno}) without holding the reservation lock`;
    },
  },
  guard: { describe: 'a fence added to a reservation', events: { resv_add_fence: () => true } },
};
