import { pageAt, sgAt } from '../model/index.ts';
import { describeMapping } from './describe.ts';
import type { Invariant } from './invariant.ts';

/**
 * MAP-OVERLAP: no two live DMA mappings that let a device write (not DMA_TO_DEVICE) start on the
 * same cacheline, whatever their devices, unless the later map passed DMA_ATTR_SKIP_CPU_SYNC (and so
 * does its own cache maintenance with explicit syncs). kernel/dma/debug.c `add_dma_entry` /
 * `active_cacheline_insert`: "cacheline tracking EEXIST, overlapping mappings aren't supported"
 * (the CPU's cache maintenance for one mapping would corrupt what the device writes through the
 * other). MAP-SINGLE covers one object mapped twice for one device; this is debug.c's wider rule.
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
      const d = w.devices[e.c];
      return (
        `${m === undefined ? `m#${e.a}` : describeMapping(m)} for ${d?.driver} ${d?.name} maps page ${e.b}, whose first ` +
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
