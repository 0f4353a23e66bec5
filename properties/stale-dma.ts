import { iovaHex } from './describe.ts';
import type { Invariant } from './invariant.ts';

/**
 * STALE-DMA: no device DMA reaches a page through a translation no live mapping holds. A lazily
 * unmapped IOVA stays in the IOTLB until the flush queue flushes (drivers/iommu/dma-iommu.c
 * `queue_iova`; iommu.strict=0, the x86 default), and a physical address on dma-direct never stops
 * reaching its page: the access lands in whatever the page has become (Documentation/core-api/
 * dma-api.rst: a DMA address is valid only between map and unmap). The lazy twin of IOMMU-FAULT.
 */
export const staleDma: Invariant = {
  code: 'STALE-DMA',
  summary: 'no device DMA reaches a page through a translation its unmap left behind',
  source: 'drivers/iommu/dma-iommu.c queue_iova (flush queue); Documentation/core-api/dma-api.rst; commit 9490edb58865',
  events: {
    stale_dma: (w, e) => {
      const d = w.devices[e.b];
      const page = w.pages[e.a];
      const now =
        page === undefined || page.free ? 'a free page' : `page ${e.a}, now obj#${e.obj}'s (generation ${page.gen})`;
      return (
        `${d?.driver ?? '?'} ${d?.name ?? e.b} ${e.d === 1 ? 'wrote' : 'read'} through ${iovaHex(e.c)} after its unmap ` +
        `(${d?.translation ?? '?'}: the old translation still reaches the page): it landed in ${now}`
      );
    },
  },
  // The situation: a device job completes (its DMA went through the addresses its driver gave it,
  // stale or not), or a device DMA is seen directly.
  guard: {
    describe: 'a device job completes, or a device DMA goes through a mapping',
    events: { fence_signal: () => true, dev_access: () => true, stale_dma: () => true },
  },
};
