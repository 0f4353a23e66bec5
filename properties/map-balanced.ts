import { DMA_DIRS, mappingAt, UNMAP } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * MAP-BALANCED (DMA API pairing): every unmap matches one live map, with the nents and direction it
 * was mapped with; nothing is unmapped twice. kernel/dma/debug.c `check_unmap`, whose messages these
 * are; Documentation/core-api/dma-api.rst (dma_unmap_sg takes the nents passed to dma_map_sg).
 */
export const mapBalanced: Invariant = {
  code: 'MAP-BALANCED',
  summary: 'every unmap matches one live mapping, with the nents and direction it was mapped with',
  source: 'kernel/dma/debug.c check_unmap; Documentation/core-api/dma-api.rst',
  events: {
    dma_unmap_sg: (w, e) => {
      switch (e.b) {
        case UNMAP.OK:
          return null;
        case UNMAP.NOT_MAPPED:
          return e.a < 0
            ? `dma_unmap_sg of sg#${e.c} (obj#${e.obj}), which was never mapped: device driver tries to free DMA memory it has not allocated`
            : `dma_unmap_sg of sg#${e.c} (obj#${e.obj}) whose mapping m#${e.a} is already unmapped: device driver tries to free DMA memory it has not allocated`;
        case UNMAP.WRONG_NENTS:
          return `dma_unmap_sg of m#${e.a} (obj#${e.obj}) with a different entry count [map count=${mappingAt(w, e.a).nents}]`;
        case UNMAP.WRONG_DIR:
          return `dma_unmap_sg of m#${e.a} (obj#${e.obj}) with a different direction [mapped with DMA_${DMA_DIRS[mappingAt(w, e.a).dir]}]`;
        default:
          throw new Error(`unknown unmap outcome ${e.b}`);
      }
    },
  },
  guard: {
    describe: 'a DMA mapping unmapped',
    events: { dma_unmap_sg: () => true },
  },
};
