import { attachmentAt, mappingAt, NONE, sgAt } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * SG-WALK: an importer derives each page's DMA address by walking the DMA segments
 * (`sg_dma_address`/`sg_dma_len`, `for_each_sgtable_dma_sg`), never "DMA entry k is page k".
 * Vetter, seed 002: "all the ttm drivers ... assume that each physical page has exactly one sg table
 * entry"; commit 42e67b479eab "drm/prime: use dma length macro when mapping sg" (Fixes be62dbf554c5)
 * fixed the address walk of drm_prime_sg_to_page_addr_arrays, and c0f83d164fb8 "drm/prime: fix
 * extracting of the DMA addresses from a scatterlist" (Fixes 42e67b479eab) the page walk it broke.
 * With an IOMMU merging the list, the entry count is smaller than the page count.
 */
export const sgWalk: Invariant = {
  code: 'SG-WALK',
  summary: "an importer's page tables hold, for each page, the DMA address its mapping gave that page",
  source: 'seed 002 (TTM one sg entry per page); commit 42e67b479eab (Fixes be62dbf554c5), c0f83d164fb8; KERNEL.md B07',
  events: {
    import_bind: (w, e) => {
      const a = attachmentAt(w, e.a);
      if (e.b === 0 || a.sg === NONE) return null;
      const dma = sgAt(w, a.sg).dma;
      if (dma === NONE) return null;
      const m = mappingAt(w, dma);
      for (let i = 0; i < a.ptes.length; i++) {
        if (a.ptes[i] === NONE || a.ptes[i] === m.addrs[i]) continue;
        return (
          `attachment ${a.id}'s page tables point page ${i} at ${a.ptes[i]}, but its mapping m#${m.id} put it at ${m.addrs[i]} ` +
          `(${m.mappedEnts} DMA segment(s) for ${m.npages} pages: DMA entry ${i} is not page ${i})`
        );
      }
      if (a.ptes.some((p, i) => p === NONE && m.addrs[i] !== undefined)) {
        return `attachment ${a.id}'s page tables miss pages its mapping m#${m.id} covers (${m.mappedEnts} DMA segment(s) for ${m.npages} pages)`;
      }
      return null;
    },
  },
  guard: {
    describe: 'an importer walks a table whose DMA segments span several pages',
    events: {
      import_bind: (w, e) => {
        const a = attachmentAt(w, e.a);
        const dma = a.sg === NONE ? NONE : sgAt(w, a.sg).dma;
        return dma !== NONE && mappingAt(w, dma).mappedEnts < mappingAt(w, dma).npages;
      },
    },
  },
};
