import { DMA_DIRS, mappingAt, NONE, SYNC, SYNC_FOR_CPU, SYNC_PAST_SEGMENT, SYNC_RANGE } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * SYNC-LIVE: every sync names a live mapping of the same device and lies inside one of its debug
 * entries; sg syncs pass the nents given to `dma_map_sg`; and the direction is one kernel/dma/debug.c
 * `check_sync` accepts. The messages are check_sync's, in its order, all of those one call draws
 * (`SYNC.*` bits; the exact conditions are at `syncWarnings` in model/dma/sync.ts). The entry count
 * of a BIDIRECTIONAL mapping is dma-api.rst's rule, not a debug.c message (check_sync returns before
 * it for such a mapping), and is phrased as the rule. KERNEL.md §1.5, §3 SYNC-LIVE.
 */
export const syncLive: Invariant = {
  code: 'SYNC-LIVE',
  summary: 'every dma_sync names a live mapping of its device, with its entry count and a direction it allows',
  source: 'kernel/dma/debug.c check_sync; Documentation/core-api/dma-api.rst',
  events: {
    dma_sync: (w, e) => {
      if (e.b === SYNC.OK) return null;
      const what = `dma_sync_${(e.c & SYNC_RANGE) !== 0 ? 'single_range' : 'sg'}_for_${(e.c & SYNC_FOR_CPU) !== 0 ? 'cpu' : 'device'}`;
      if (e.b === SYNC.NOT_MAPPED)
        return (e.c & SYNC_PAST_SEGMENT) !== 0
          ? `${what} on m#${e.a} runs past its DMA segment: device driver tries to sync DMA memory it has not allocated`
          : `${what} on obj#${e.obj}: device driver tries to sync DMA memory it has not allocated`;
      const m = mappingAt(w, e.a);
      const dir = ` [mapped with DMA_${DMA_DIRS[m.dir]}]`;
      const said: string[] = [];
      if ((e.b & SYNC.WRONG_DIR) !== 0) said.push(`device driver syncs DMA memory with different direction${dir}`);
      if ((e.b & SYNC.READ_ONLY_FOR_CPU) !== 0)
        said.push(`device driver syncs device read-only DMA memory for cpu${dir}`);
      if ((e.b & SYNC.WRITE_ONLY_TO_DEVICE) !== 0)
        said.push(`device driver syncs device write-only DMA memory to device${dir}`);
      if ((e.b & SYNC.WRONG_NENTS) !== 0)
        said.push(`device driver syncs DMA sg list with different entry count [map count=${m.nents}]`);
      if ((e.b & SYNC.NENTS_RULE) !== 0)
        said.push(
          `sg sync with another nents than dma_map_sg was given [map count=${m.nents}] (dma-api.rst; debug.c does not check a BIDIRECTIONAL mapping's count)`,
        );
      if (said.length === 0) throw new Error(`unknown sync outcome ${e.b}`);
      return `${what} on m#${e.a}: ${said.join('; ')}`;
    },
  },
  guard: {
    describe: 'a streaming mapping synced',
    events: { dma_sync: () => true },
    // The call and the direction the mapping was made with (the sync's own direction must match it
    // unless the mapping is bidirectional): `dma_sync_sg_for_cpu on DMA_TO_DEVICE` is a TX buffer
    // taken back by the CPU for reuse.
    detail: (w, e) => {
      const call = `dma_sync_${(e.c & SYNC_RANGE) !== 0 ? 'single_range' : 'sg'}_for_${(e.c & SYNC_FOR_CPU) !== 0 ? 'cpu' : 'device'}`;
      return e.a === NONE ? `${call} unmapped` : `${call} on DMA_${DMA_DIRS[mappingAt(w, e.a).dir]}`;
    },
  },
};
