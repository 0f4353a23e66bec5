import { DIR, type Mapping, NONE, objAt, type PageId, pageAt, sgAt, type World } from '../model/index.ts';
import { describeMapping } from './describe.ts';
import type { Invariant } from './invariant.ts';

/** The object's own tables (not dma_map_page, not a dma-buf attachment's): what MAP-SINGLE counts. */
function ownTable(m: Mapping): boolean {
  return m.kind !== 'single' && m.att === NONE;
}

/**
 * A live mapping its holder no longer uses: the table was freed, or it is no longer its object's
 * pages (put_pages or a move replaced them) nor the table of an attachment still mapped. NO-LEAK
 * reports it.
 */
function leaked(w: World, x: Mapping): boolean {
  if (sgAt(w, x.sg).freed) return true;
  if (x.kind === 'single') return false;
  if (x.att === NONE) return objAt(w, x.obj).sg !== x.sg;
  // Attachments sharing one cached table (exporter-2015-cached-sg) each count as its holder.
  return !w.attachments.some((a) => !a.detached && a.pinned && a.sg === x.sg);
}

/**
 * Whether another invariant already reports this overlap, for every other live holder of the line:
 * - one object's own pages mapped twice for one device: MAP-SINGLE's double mapping (commit
 *   e2273302's bug);
 * - a leaked mapping still holding the frame (its table freed or replaced, the frame perhaps
 *   reused): NO-LEAK's.
 * debug.c prints EEXIST in both cases too (the message exists since 2b4bbc6231d7, Linux 5.14; older
 * kernels counted the overlap silently); this code reports only the overlaps nothing else explains.
 */
function reportedElsewhere(w: World, m: Mapping, page: number): boolean {
  const owner = pageAt(w, page as PageId).obj;
  for (const x of w.mappings) {
    // The holders before m: the warning is about the line m found taken (later maps draw their own).
    if (!x.live || x.id >= m.id || x.dir === DIR.TO_DEVICE || !sgAt(w, x.sg).pages.includes(page as PageId)) continue;
    const doubleMap = ownTable(m) && ownTable(x) && x.obj === m.obj && x.dev === m.dev;
    if (!doubleMap && x.obj === owner && !leaked(w, x)) return false;
  }
  return true;
}

/**
 * MAP-OVERLAP: no two live DMA mappings that let a device write (not DMA_TO_DEVICE) start on the
 * same cacheline, whatever their devices, unless the later map passed DMA_ATTR_SKIP_CPU_SYNC (and so
 * does its own cache maintenance with explicit syncs). kernel/dma/debug.c `add_dma_entry` /
 * `active_cacheline_insert`: "cacheline tracking EEXIST, overlapping mappings aren't supported"
 * (the CPU's cache maintenance for one mapping would corrupt what the device writes through the
 * other). One object's own pages mapped twice for one device are MAP-SINGLE's, and a leaked mapping
 * over a reused frame NO-LEAK's (reported there, not again here); this code reports the rest of
 * debug.c's wider rule: across devices, `dma_map_page`, attachments.
 * KERNEL.md §1.5.
 */
export const mapOverlap: Invariant = {
  code: 'MAP-OVERLAP',
  summary:
    'no two live device-writable DMA mappings share a cacheline, on any devices, unless mapped with SKIP_CPU_SYNC',
  source: 'kernel/dma/debug.c add_dma_entry, active_cacheline_insert',
  events: {
    dma_debug_overlap: (w, e) => {
      const m = w.mappings[e.a];
      if (m === undefined || reportedElsewhere(w, m, e.b)) return null;
      const d = w.devices[e.c];
      return (
        `${describeMapping(m)} for ${d?.driver} ${d?.name} maps page ${e.b}, whose first ` +
        `cacheline ${e.d} other live mapping(s) already hold: cacheline tracking EEXIST, overlapping mappings aren't supported`
      );
    },
  },
  guard: {
    describe: 'a page under two live DMA mappings at once',
    events: {
      dma_map_sg: (w, e) => {
        const m = w.mappings[e.a];
        return m !== undefined && sgAt(w, m.sg).pages.some((p) => pageAt(w, p).maps > 1);
      },
    },
  },
};
