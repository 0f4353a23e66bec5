import { pageAt } from './access.ts';
import { EV } from './events.ts';
import { NONE, type ObjectId, type PageId } from './ids.ts';
import type { Kernel } from './kernel.ts';
import { GFP, gfpAlloc } from './reclaim.ts';

/**
 * Page allocator primitives. A page is allocated with one reference (its owner's) and freed when
 * the last reference goes. Frames are reused LIFO, like the per-cpu hot lists of the buddy
 * allocator, so a page freed too early is handed to the next allocation and a stale DMA into it
 * lands in somebody else's data; `gen` tells the two lives of a frame apart.
 */

/** Allocates `n` pages for an object (shmem_read_mapping_page / alloc_page): may reclaim. */
export function allocPages(k: Kernel, obj: ObjectId, n: number): PageId[] {
  const w = k.w;
  gfpAlloc(k, GFP.KERNEL);
  const out: PageId[] = [];
  for (let i = 0; i < n; i++) {
    const reused = w.freePages.pop();
    if (reused !== undefined) {
      const p = pageAt(w, reused);
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
      out.push(reused);
    } else {
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
      });
      out.push(id);
    }
  }
  return out;
}

/** `get_page` / GUP pin: one more reference. */
export function pageGet(k: Kernel, id: PageId): void {
  pageAt(k.w, id).refs++;
}

/** `put_page`: drops a reference; the last one sends the page back to the allocator. */
export function pagePut(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  if (p.refs <= 0 || p.free) throw new Error(`put_page of page ${id} with no reference`);
  if (--p.refs === 0) freePage(k, id);
}

function freePage(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  k.emit(EV.page_free, p.obj, id, p.maps, p.ptes, p.busy);
  p.free = true;
  p.obj = NONE;
  k.w.freePages.push(id);
}

/** `set_page_dirty`: the page's contents must be written back before the page is reused. */
export function setPageDirty(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  p.dirty = true;
  k.emit(EV.set_page_dirty, p.obj, id, p.maps, p.ptes);
}

/** `mark_page_accessed`: moves the page up the LRU. */
export function markPageAccessed(k: Kernel, id: PageId): void {
  const p = pageAt(k.w, id);
  p.accessed = true;
  k.emit(EV.mark_page_accessed, p.obj, id, p.maps, p.ptes);
}

/**
 * Entry lengths of an sg table built over `pages` by `sg_alloc_table_from_pages_segment`: each run of
 * physically contiguous pages becomes one entry, split at `maxPages`.
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
