import { gk20aDriver } from '../nouveau-gk20a/policy.ts';

/**
 * Streaming map/unmap on a non-coherent device, with no sync calls at all: a BO's pages are mapped
 * for the GPU (`dma_map_sg`) when it is first bound, unmapped (`dma_unmap_sg`) when the last VMA is
 * unbound, which waits for the GPU to finish with it, and the CPU touches them only while they are
 * not mapped (-EBUSY while they are). Documentation/core-api/dma-api-howto.rst, "Using Streaming DMA
 * mappings": "You should call dma_unmap_single() when the DMA activity is finished, e.g., from the
 * interrupt which told you that the DMA transfer is done.", for scatterlists "To unmap a
 * scatterlist, just call: dma_unmap_sg(dev, sglist, nents, direction); Again, make sure DMA activity
 * has already finished.", "Every dma_map_{single,sg}() call should have its dma_unmap_{single,sg}()
 * counterpart", and "If you don't touch the data from the first dma_map_*() call till
 * dma_unmap_*(), then you don't have to call the dma_sync_*() routines at all."
 */
export const corpus_streaming_map_unmap = gk20aDriver({
  name: 'corpus-streaming-map-unmap',
  summary: 'documented: pages mapped at first bind, unmapped at last unbind, CPU access only while unmapped, no syncs',
  source: 'Documentation/core-api/dma-api-howto.rst "Using Streaming DMA mappings"',
  expects: [],
  provenance: {
    kind: 'documented',
    doc: 'Documentation/core-api/dma-api-howto.rst',
    section:
      'Using Streaming DMA mappings ("If you don\'t touch the data from the first dma_map_*() call till dma_unmap_*()")',
  },
  simplifications: [
    "not nouveau's placement (TTM maps at populate): the map at first bind and unmap at last unbind are i915's between 9490edb and e2273302, with a has_dma_mapping-style guard against mapping twice",
    'the DMA mapping spans the bound lifetime of the BO (many jobs), not one transfer; the CPU is refused (-EBUSY) while it exists',
  ],
  populate: 'at-bind',
  syncs: false,
});
