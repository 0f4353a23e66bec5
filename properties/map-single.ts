import { GPU, mappingAt, sgAt } from '../model/index.ts';
import { describeMapping, liveMappingsOf } from './describe.ts';
import type { Invariant } from './invariant.ts';

/**
 * MAP-SINGLE: at most one live DMA mapping of an object's pages per device, and a mapped sg table is
 * never mapped again. Commit e2273302: "Since the object can be bound to multiple vmas, we can end
 * up creating a new DMA mapping ... even if the object already had one. This is not allowed by the
 * DMA API"; Documentation/core-api/dma-api.rst.
 */
export const mapSingle: Invariant = {
  code: 'MAP-SINGLE',
  summary: "at most one live DMA mapping of an object's pages per device; a mapped sg table is never mapped again",
  source: 'commit e2273302 (seed 003, thread seed 000); Documentation/core-api/dma-api.rst',
  events: {
    dma_map_sg: (w, e) => {
      if (e.c === 0) return null;
      const m = mappingAt(w, e.a);
      const t = sgAt(w, m.sg);
      const older = liveMappingsOf(w, e.obj).filter((x) => x.id !== m.id && x.sg === t.id);
      return (
        `dma_map_sg on sg#${t.id} of obj#${e.obj}, which already holds a live mapping: ` +
        `${older.map(describeMapping).join(', ')} is overwritten by ${describeMapping(m)}`
      );
    },
  },
  object: (w, o) => {
    if (o.liveMaps <= 1) return null;
    const live = liveMappingsOf(w, o.id).filter((m) => m.dev === GPU);
    return `obj#${o.id} has ${live.length} live DMA mappings on the GPU: ${live.map(describeMapping).join(', ')}`;
  },
  guard: {
    describe: 'an object bound in two address spaces at once',
    object: (_w, o) => o.bindCount >= 2,
  },
};
