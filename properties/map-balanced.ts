import { DMA_DIRS, type Mapping, mappingAt, UNMAP, type World } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/** kernel/dma/debug.c `type2name`: how check_unmap names what made a mapping. */
const TYPE_NAME: { readonly [K in Mapping['kind']]: string } = {
  sg: 'scather-gather',
  single: 'single',
  coherent: 'coherent',
};

/**
 * The message for an unmap or free of `what` with `UNMAP.*` bits `b` (m#a found live, obj), or null:
 * check_unmap's messages in its order, every one the call draws. The map-error bit is MAP-ERR-CHECKED's.
 */
function check(w: World, what: string, obj: number, a: number, b: number, sg: number): string | null {
  if (b === UNMAP.NOT_MAPPED)
    return a < 0
      ? `${what} of sg#${sg} (obj#${obj}), which was never mapped: device driver tries to free DMA memory it has not allocated`
      : `${what} of sg#${sg} (obj#${obj}) whose mapping m#${a} is already ${what === 'dma_free_coherent' ? 'freed' : 'unmapped'}: device driver tries to free DMA memory it has not allocated`;
  if ((b & ~UNMAP.MAP_ERR_UNCHECKED) === 0) return null;
  const m = mappingAt(w, a);
  const said: string[] = [];
  if ((b & UNMAP.WRONG_SIZE) !== 0)
    said.push(`device driver frees DMA memory with different size [map size=${(m.segs[0] ?? 0) * 4096} bytes]`);
  if ((b & UNMAP.WRONG_FUNCTION) !== 0)
    said.push(`device driver frees DMA memory with wrong function [mapped as ${TYPE_NAME[m.kind]}]`);
  if ((b & UNMAP.WRONG_NENTS) !== 0)
    said.push(
      `device driver frees DMA sg list with different entry count [map count=${m.kind === 'sg' ? m.nents : 0}]`,
    );
  if ((b & UNMAP.WRONG_DIR) !== 0)
    said.push(`device driver frees DMA memory with different direction [mapped with DMA_${DMA_DIRS[m.dir]}]`);
  if (said.length === 0) throw new Error(`unknown unmap outcome ${b}`);
  return `${what} of m#${a} (obj#${obj}): ${said.join('; ')}`;
}

/**
 * MAP-BALANCED (DMA API pairing): every unmap or free matches one live mapping, by the function
 * that made it (`dma_unmap_sg` for `dma_map_sg`, `dma_free_coherent` for `dma_alloc_coherent`), with
 * the nents, size and direction it was made with; nothing is released twice. kernel/dma/debug.c
 * `check_unmap`, whose messages these are; Documentation/core-api/dma-api.rst (dma_unmap_sg takes
 * the nents passed to dma_map_sg; dma_free_coherent the size and handle dma_alloc_coherent gave).
 */
export const mapBalanced: Invariant = {
  code: 'MAP-BALANCED',
  summary:
    'every unmap or free matches one live mapping, made by its pair function, with its nents, size and direction',
  source: 'kernel/dma/debug.c check_unmap; Documentation/core-api/dma-api.rst',
  events: {
    dma_unmap_sg: (w, e) => check(w, 'dma_unmap_sg', e.obj, e.a, e.b, e.c),
    dma_free_coherent: (w, e) => check(w, 'dma_free_coherent', e.obj, e.a, e.b, e.c),
  },
  guard: {
    describe: 'a DMA mapping unmapped or freed',
    events: { dma_unmap_sg: () => true, dma_free_coherent: () => true },
  },
};
