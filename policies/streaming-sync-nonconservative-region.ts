import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * A streaming importer that syncs a sub-region of the buffer back for the CPU after every job, the
 * first page, whatever the job wrote: a sync region that is not conservative. Thomas Hellström on
 * vmwgfx and the DMA API (seed 004): "the sync operations would often affect sub-regions of 2D and 3D
 * textures" and "graphics applications, do not always provide conservative sync regions"; behind
 * SWIOTLB the rest of what the device wrote stays in the bounce buffer. Not one driver's commit: the
 * hazard the thread names, on the range syncs of Documentation/core-api/dma-api.rst
 * (`dma_sync_single_range_for_cpu`).
 */
export const sync_region_short = dmabufDriver({
  name: 'streaming-sync-nonconservative-region',
  summary:
    'illustrative hazard, no commit: a streaming importer syncs back for the CPU only a sub-region of what its device wrote',
  source: 'seed 004 (Hellström, Jan 2019: "do not always provide conservative sync regions"); dma-api.rst',
  expects: ['BOUNCE-COHERENT'],
  twin: 'dmabuf-reference-exporter',
  provenance: {
    kind: 'constructed',
    rule: 'a sync for the CPU covers every byte the device wrote',
    where: 'Documentation/core-api/dma-api.rst (dma_sync_single_range_for_cpu); seed 004 (Hellström)',
  },
  simplifications: [],
  syncRegion: 'first-page',
});
