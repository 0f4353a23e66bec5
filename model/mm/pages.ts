import { EV, type Kernel, kernelWarn, NONE, type ObjectId, type PageId, pageAt, type World } from '../core/index.ts';
import { GFP, gfpAlloc } from './reclaim.ts';

/**
 * Page allocator primitives. A page is allocated with one reference (its owner's) and freed when
 * the last reference goes. Frames are reused LIFO, like the per-cpu hot lists of the buddy
 * allocator, so a page freed too early is handed to the next allocation and a stale DMA into it
 * lands in somebody else's data; `gen` tells the two lives of a frame apart.
 */

/**
 * Allocates `n` pages for an object (shmem_read_mapping_page / alloc_page): may reclaim.
 * An allocation: records `alloc` (SIGNALLING-CLEAN) and lockdep's might-reclaim (`fs_reclaim`, LOCK-
 * ORDER). Records `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read it) and, for a recursive
 * take or a new dependency closing a cycle, `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category mm
 */
export function allocPages(k: Kernel, obj: ObjectId, n: number): PageId[] {
  const w = k.w;
  gfpAlloc(k, GFP.KERNEL);
  const out: PageId[] = [];
  for (let i = 0; i < n; i++) {
    const reused = w.freePages.pop();
    out.push(reused !== undefined ? reuseFrame(w, reused, obj) : newFrame(w, obj));
  }
  return out;
}

/**
 * Allocates `n` physically contiguous pages, as dma-direct's `__dma_direct_alloc_pages` does for
 * `dma_alloc_coherent` (one higher-order `alloc_pages`): the lowest run of `n` free frames, else
 * fresh frames at the end of memory. May reclaim, like any GFP_KERNEL allocation.
 * An allocation: records `alloc` (SIGNALLING-CLEAN) and lockdep's might-reclaim. Records
 * `lock_acquire` (RECLAIM-TRYLOCK and SIGNALLING-CLEAN read it) and, for a recursive take or a new
 * dependency closing a cycle, `lock_recursive` / `lock_cycle` (LOCK-ORDER).
 * @category mm
 */
export function allocContiguous(k: Kernel, obj: ObjectId, n: number): PageId[] {
  const w = k.w;
  gfpAlloc(k, GFP.KERNEL);
  const start = freeRun(w, n);
  const out: PageId[] = [];
  for (let i = 0; i < n; i++) {
    if (start === NONE) {
      out.push(newFrame(w, obj));
      continue;
    }
    const id = (start + i) as PageId;
    w.freePages.splice(w.freePages.indexOf(id), 1);
    out.push(reuseFrame(w, id, obj));
  }
  return out;
}

/** The lowest frame starting a run of `n` free frames, or NONE. */
function freeRun(w: World, n: number): number {
  let best: number = NONE;
  for (const f of w.freePages) {
    if (best !== NONE && f >= best) continue;
    let run = 1;
    while (run < n && w.pages[f + run]?.free === true) run++;
    if (run === n) best = f;
  }
  return best;
}

/** Hands a free frame to a new owner: a new life of the frame (`gen`), fresh data. */
function reuseFrame(w: World, id: PageId, obj: ObjectId): PageId {
  const p = pageAt(w, id);
  p.obj = obj;
  p.free = false;
  p.gen++;
  p.dirty = false;
  p.accessed = false;
  // maps, ptes and busy describe the frame, not its owner: a stale mapping, PTE or running job
  // still reaches it after the reuse (that is the use-after-free the invariants catch).
  p.refs = 1;
  p.ver = ++w.dataVer;
  p.cache = p.ver;
  p.devVer = 0;
  p.cpuVer = 0;
  p.cpuDirty = false;
  p.coherent = false;
  return id;
}

function newFrame(w: World, obj: ObjectId): PageId {
  const id = w.pages.length as PageId;
  const ver = ++w.dataVer;
  w.pages.push({
    id,
    obj,
    free: false,
    gen: 0,
    dirty: false,
    accessed: false,
    maps: 0,
    refs: 1,
    ptes: 0,
    busy: 0,
    ver,
    cache: ver,
    devVer: 0,
    cpuVer: 0,
    cpuDirty: false,
    coherent: false,
  });
  return id;
}

/**
 * `get_page` / GUP pin: one more reference.
 * Kernel: include/linux/mm.h. Records no event.
 * @category mm
 */
export function pageGet(k: Kernel, id: PageId): void {
  pageAt(k.w, id).refs++;
}

/**
 * `put_page`: drops a reference; the last one sends the page back to the allocator.
 * Kernel: include/linux/mm.h. Records `page_free` when the page goes back (NO-LEAK and DMA-AFTER-FREE
 * report a page freed under a live mapping, a PTE or an unsignalled fence). A put of a page with no
 * reference raises a kernel warning (WARN-ON).
 * @category mm
 */
export function pagePut(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  // include/linux/mm.h put_page → VM_BUG_ON_PAGE(page_ref_zero_or_close_to_overflow(page)).
  if (p.refs <= 0 || p.free) kernelWarn(`put_page of page ${id} with no reference`);
  if (--p.refs === 0) freePage(k, id);
}

function freePage(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  k.emit(EV.page_free, p.obj, id, p.maps, p.ptes, p.busy);
  p.free = true;
  p.obj = NONE;
  k.w.freePages.push(id);
}

/**
 * `set_page_dirty`: the page's contents must be written back before the page is reused.
 * Kernel: mm/folio-compat.c over `folio_mark_dirty` (mm/page-writeback.c). Records
 * `set_page_dirty` (DIRTY-AFTER-TEARDOWN reports a dirty while a GPU PTE or IOMMU mapping of the
 * page remains).
 * @category mm
 */
export function setPageDirty(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  p.dirty = true;
  k.emit(EV.set_page_dirty, p.obj, id, p.maps, p.ptes);
}

/**
 * `mark_page_accessed`: moves the page up the LRU.
 * Kernel: mm/folio-compat.c over `folio_mark_accessed` (mm/swap.c). Records `mark_page_accessed`
 * (DIRTY-AFTER-TEARDOWN).
 * @category mm
 */
export function markPageAccessed(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  p.accessed = true;
  k.emit(EV.mark_page_accessed, p.obj, id, p.maps, p.ptes);
}

/**
 * Entry lengths of an sg table built over `pages` by `sg_alloc_table_from_pages_segment`: each run of
 * physically contiguous pages becomes one entry, split at `maxPages`.
 * @category mm
 */
export function segmentLengths(pages: readonly PageId[], maxPages: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < pages.length; i++) {
    const last = out.length - 1;
    if (i > 0 && pages[i] === (pages[i - 1] as number) + 1 && (out[last] as number) < maxPages) {
      out[last] = (out[last] as number) + 1;
    } else {
      out.push(1);
    }
  }
  return out;
}
