import { type Kernel, NONE, type ObjectId, type PageId, type SgId, sgAt } from '../core/index.ts';
import { segmentLengths } from '../mm/index.ts';

/** lib/scatterlist.c: building and freeing the CPU side of an `sg_table`. */

/**
 * `sg_alloc_table` + `sg_set_page` over the pages: a new, unmapped table.
 * Kernel: `sg_alloc_table` and `sg_set_page` (lib/scatterlist.c). Records no event; state: a new
 * `SgTable`, unmapped.
 * @category DMA API
 */
export function sgAlloc(k: Kernel, obj: ObjectId, pages: readonly PageId[]): SgId {
  const id = k.w.sgs.length as SgId;
  const segs = segmentLengths(pages, Number.POSITIVE_INFINITY);
  k.w.sgs.push({ id, obj, pages, nents: segs.length, segs, att: NONE, dma: NONE, freed: false });
  return id;
}

/**
 * `sg_alloc_table_from_pages_segment`: a new table over `pages` for a dma-buf attachment (or NONE),
 * contiguous pages coalesced into entries of at most `maxSegPages`.
 * Kernel: lib/scatterlist.c. Records no event; state: a new `SgTable` with its segment lengths.
 * @category DMA API
 */
export function sgFromPages(
  k: Kernel,
  obj: ObjectId,
  pages: readonly PageId[],
  att: number,
  maxSegPages: number,
): SgId {
  const id = k.w.sgs.length as SgId;
  const segs = segmentLengths(pages, maxSegPages);
  k.w.sgs.push({ id, obj, pages, nents: segs.length, segs, att, dma: NONE, freed: false });
  return id;
}

/**
 * `sg_free_table`. The DMA mapping it described, if still live, is now unreachable: a leak.
 * Kernel: `sg_free_table` (lib/scatterlist.c). Records no event; state: the table's `freed`. A live
 * mapping left in it is what NO-LEAK reports at the end of the run or when its pages are freed.
 * @category DMA API
 */
export function sgFree(k: Kernel, sg: SgId): void {
  sgAt(k.w, sg).freed = true;
}
