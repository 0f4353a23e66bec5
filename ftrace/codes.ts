import { invariants } from '../properties/index.ts';

/**
 * The codes `dmacheck trace` reports. Where the model has the rule, the code is the model's (its
 * statement and source come from the invariant registry); the others are rules only a trace of a
 * real kernel shows, with codes from KERNEL.md §3 where it names one.
 */
export const TRACE_CODES = {
  'MAP-BALANCED': 'model',
  'SYNC-LIVE': 'model',
  'MAP-SINGLE': 'model',
  'NO-LEAK': 'model',
  'FENCE-ONCE': 'model',
  'FENCE-FINITE': {
    summary: 'a fence that was published or had signalling enabled signals before it is released',
    source:
      'drivers/dma-buf/dma-fence.c dma_fence_release ("Fence %s:%s:%llx:%llx released with pending signals!"); KERNEL.md §3 FENCE-FINITE',
  },
  'MAP-SHARED': {
    summary:
      'no memory is mapped for device writes by two devices at once without DMA_ATTR_SKIP_CPU_SYNC (CONFIG_DMA_API_DEBUG reports it; the DMA API allows it: warnings only)',
    source:
      'kernel/dma/debug.c add_dma_entry, active_cacheline_insert (one cacheline tree for all devices); Documentation/core-api/dma-attributes.rst DMA_ATTR_SKIP_CPU_SYNC',
  },
  'IOMMU-LIVE': {
    summary: 'the IOMMU unmaps no IOVA range a live DMA mapping still hands to its device',
    source: 'Documentation/core-api/dma-api.rst (a mapping stays valid until its unmap); include/trace/events/iommu.h',
  },
} as const satisfies Record<string, 'model' | { summary: string; source: string }>;

export type TraceCode = keyof typeof TRACE_CODES;

/** The one-line statement and the source of a code. */
export function codeInfo(code: TraceCode): { summary: string; source: string } {
  const c = TRACE_CODES[code];
  if (c === 'model') {
    const inv = invariants[code as keyof typeof invariants];
    return { summary: inv.summary, source: inv.source };
  }
  return c;
}
