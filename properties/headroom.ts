import type { World } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/** Live mappings nothing can unmap any more: their table was freed, or now describes another mapping. */
function leaked(w: World, dev: number): { count: number; pages: number } {
  let count = 0;
  let pages = 0;
  for (const m of w.mappings) {
    if (!m.live || m.dev !== dev) continue;
    const t = w.sgs[m.sg];
    if (t === undefined || t.freed || t.dma !== m.id) {
      count++;
      pages += m.npages;
    }
  }
  return { count, pages };
}

/**
 * IOVA-HEADROOM (diagnostic of NO-LEAK): the IOVA space is never exhausted while leaked mappings hold
 * part of it. Commit e2273302: "can lead to leaked mapping data and IOMMU memory space starvation";
 * intel-iommu logs "DMAR: Allocating N-page iova failed" (intel_alloc_iova).
 */
export const iovaHeadroom: Invariant = {
  code: 'IOVA-HEADROOM',
  summary: 'an IOVA allocation never fails while leaked mappings hold IOVA space (starvation by a leak)',
  source: 'commit e2273302 ("IOMMU memory space starvation"); drivers/iommu/intel-iommu.c intel_alloc_iova',
  diagnostic: true,
  events: {
    iova_exhausted: (w, e) => {
      const l = leaked(w, e.a);
      if (l.count === 0) return null;
      const d = w.iommus[e.a];
      return (
        `DMAR: Allocating ${e.b}-page iova failed: the IOVA space is exhausted (${d?.used} of ${d?.capacity} pages in use), ` +
        `${l.pages} of them held by ${l.count} leaked mapping(s) nothing can unmap any more`
      );
    },
  },
  guard: { describe: 'an IOVA allocation failed', events: { iova_exhausted: () => true } },
};

/**
 * DEBUG-TABLE-HEADROOM (diagnostic of NO-LEAK): the DMA-API debug table never fills up with leaked
 * entries; in the 2015 behaviour it then disabled itself for good ("debugging out of memory -
 * disabling"), which is how commit e2273302's author noticed the leak.
 */
export const debugTableHeadroom: Invariant = {
  code: 'DEBUG-TABLE-HEADROOM',
  summary: 'the DMA-API debug table never fills up (and disables checking) while leaked mappings hold entries',
  source: 'kernel/dma/debug.c ("debugging out of memory - disabling"); commit e2273302',
  diagnostic: true,
  events: {
    dma_debug_disabled: (w, e) => {
      const l = leaked(w, 0);
      const all = w.devices.reduce((n, d) => n + leaked(w, d.id).count, 0);
      if (all === 0) return null;
      return (
        `DMA-API: debugging out of memory - disabling: ${e.b} of ${e.a} debug entries in use, ` +
        `${all} held by leaked mappings (${l.count} on the GPU); no DMA-API error is reported from now on`
      );
    },
  },
  guard: { describe: 'the debug table ran full', events: { dma_debug_disabled: () => true } },
};
