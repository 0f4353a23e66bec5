import { DMA_DIRS, mappingAt, NONE, SYNC, SYNC_FOR_CPU, SYNC_RANGE } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * SYNC-LIVE: every sync names a live mapping of the same device with the entry count it was
 * mapped with, in the mapped direction (or the mapping is bidirectional), and never syncs a
 * device-read-only mapping for the CPU or a device-write-only one for the device; a range sync stays
 * inside its DMA segment. kernel/dma/debug.c
 * `check_sync`, whose messages these are; Documentation/core-api/dma-api.rst.
 */
export const syncLive: Invariant = {
  code: 'SYNC-LIVE',
  summary: 'every dma_sync names a live mapping of its device, with its entry count and a direction it allows',
  source: 'kernel/dma/debug.c check_sync; Documentation/core-api/dma-api.rst',
  events: {
    dma_sync: (w, e) => {
      const what = `dma_sync_${(e.c & SYNC_RANGE) !== 0 ? 'single_range' : 'sg'}_for_${(e.c & SYNC_FOR_CPU) !== 0 ? 'cpu' : 'device'}`;
      const m = e.a === NONE ? undefined : mappingAt(w, e.a);
      const dir = m === undefined ? '' : ` [mapped with DMA_${DMA_DIRS[m.dir]}]`;
      switch (e.b) {
        case SYNC.OK:
          return null;
        case SYNC.NOT_MAPPED:
          return `${what} on obj#${e.obj}: device driver tries to sync DMA memory it has not allocated`;
        case SYNC.WRONG_NENTS:
          return `${what} on m#${e.a}: device driver syncs DMA sg list with different entry count`;
        case SYNC.WRONG_DIR:
          return `${what} on m#${e.a}: device driver syncs DMA memory with different direction${dir}`;
        case SYNC.READ_ONLY_FOR_CPU:
          return `${what} on m#${e.a}: device driver syncs device read-only DMA memory for cpu${dir}`;
        case SYNC.WRITE_ONLY_TO_DEVICE:
          return `${what} on m#${e.a}: device driver syncs device write-only DMA memory to device${dir}`;
        case SYNC.OUT_OF_RANGE:
          return `${what} on m#${e.a}: device driver syncs DMA memory outside allocated range`;
        default:
          throw new Error(`unknown sync outcome ${e.b}`);
      }
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
