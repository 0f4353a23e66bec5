import { gk20aDriver } from '../nouveau-gk20a/policy.ts';

/**
 * A driver for a non-coherent GPU that keeps its buffers mapped DMA_BIDIRECTIONAL and syncs them
 * for the device at every submit (nouveau's `nouveau_bo_validate` → `nouveau_bo_sync_for_device`)
 * and for the CPU around every CPU access (CPU_PREP → `nouveau_bo_sync_for_cpu`, CPU_FINI →
 * `nouveau_bo_sync_for_device`), with a client that always brackets its CPU access: the rule of
 * Documentation/core-api/dma-api.rst, Part Id, "DMA_BIDIRECTIONAL requires special handling: it
 * means that the driver isn't sure if the memory was modified before being handed off to the device
 * and also isn't sure if the device will also modify it. Thus, you must always sync bidirectional
 * memory twice: once before the memory is handed off to the device (to make sure all memory changes
 * are flushed from the processor) and once before the data may be accessed after being used by the
 * device (to make sure any processor cache lines are updated with data that the device may have
 * changed)." Syncing for the device again when the CPU wrote nothing since is redundant, not wrong:
 * a cache clean writes back dirty lines only (FIDELITY.md, model finding 2).
 */
export const corpus_sync_every_submit = gk20aDriver({
  name: 'corpus-sync-every-submit',
  summary: 'documented: a non-coherent GPU whose bidirectional BOs are synced for the device at every submit',
  source: 'Documentation/core-api/dma-api.rst Part Id (DMA_BIDIRECTIONAL); nouveau_bo.c nouveau_bo_sync_for_device',
  expects: [],
  twin: 'nouveau-2015-before-996f545fbb0d',
  provenance: {
    kind: 'documented',
    doc: 'Documentation/core-api/dma-api.rst',
    section:
      'Part Id - Streaming DMA mappings (the warning on dma_map_single: "DMA_BIDIRECTIONAL requires special handling")',
  },
  simplifications: [
    'the syncs are per page (dma_sync_single_range on each page, as nouveau_bo_sync_for_cpu/device loop), not one dma_sync_sg call',
    'the userspace client always brackets its CPU access with CPU_PREP/CPU_FINI; nouveau-2015-before-996f545fbb0d is the same driver with a client that polls without them',
  ],
  populate: 'streaming',
  syncs: true,
  polls: false,
});
