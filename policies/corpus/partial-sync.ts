import { dmabufDriver } from '../dmabuf/policy.ts';

/**
 * Partial syncs: a streaming importer (the camera ISP behind SWIOTLB, non-coherent) whose job writes
 * a sub-region of the buffer (its first page) hands exactly that region to the device before the
 * job and back to the CPU after it, with `dma_sync_single_range_for_device` / `_for_cpu` on the DMA
 * segment holding it; whole-buffer jobs sync the whole table. Documentation/core-api/dma-api.rst,
 * Part Id: "Synchronise a single contiguous or scatter/gather mapping for the CPU and device. With
 * the sync_sg API, all the parameters must be the same as those passed into the single mapping API.
 * With the sync_single API, you can use dma_handle and size parameters that aren't identical to
 * those passed into the single mapping API to do a partial sync." (include/linux/dma-mapping.h:
 * `dma_sync_single_range_for_cpu(dev, addr, offset, size, dir)` is `dma_sync_single_for_cpu(dev,
 * addr + offset, size, dir)`.) The region synced covers everything the job wrote: the conservative
 * region streaming-sync-nonconservative-region gets wrong.
 */
export const corpus_partial_sync = dmabufDriver({
  name: 'corpus-partial-sync',
  summary: 'documented: a streaming importer syncs exactly the sub-region its job wrote, with dma_sync_single_range_*',
  source:
    'Documentation/core-api/dma-api.rst Part Id (partial sync with the sync_single API); include/linux/dma-mapping.h',
  expects: [],
  twin: 'streaming-sync-nonconservative-region',
  provenance: {
    kind: 'documented',
    doc: 'Documentation/core-api/dma-api.rst',
    section: 'Part Id - Streaming DMA mappings (dma_sync_single_for_cpu: "to do a partial sync")',
  },
  simplifications: [
    'the sub-region is always the first page of the buffer, synced in whole pages',
    'the attachment is mapped DMA_BIDIRECTIONAL with DMA_ATTR_SKIP_CPU_SYNC, as drm_gem_map_dma_buf does; the job syncs TO_DEVICE before and FROM_DEVICE after',
  ],
  weights: { import_job: 12, map_attachment: 6, move: 2, detach: 2 },
});
