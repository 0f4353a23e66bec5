import { gk20aDriver } from '../nouveau-gk20a/policy.ts';

/**
 * Transmit-buffer reuse on a non-coherent device: a buffer mapped DMA_TO_DEVICE once, which the GPU
 * only reads, refilled by the CPU between jobs. CPU_PREP waits for the jobs reading it and takes it
 * back with `dma_sync_*_for_cpu(DMA_TO_DEVICE)`, the CPU writes, CPU_FINI hands it over again with
 * `dma_sync_*_for_device(DMA_TO_DEVICE)` (and validate syncs it for the device at each submit, as
 * nouveau does). Documentation/core-api/dma-api-howto.rst, "Using Streaming DMA mappings":
 *
 *   "If you need to use the same streaming DMA region multiple times and touch the data in between
 *   the DMA transfers, the buffer needs to be synced properly in order for the CPU and device to see
 *   the most up-to-date and correct copy of the DMA buffer. So, firstly, just map it with
 *   dma_map_{single,sg}(), and after each DMA transfer call either:
 *   dma_sync_single_for_cpu(dev, dma_handle, size, direction); or: dma_sync_sg_for_cpu(dev, sglist,
 *   nents, direction); as appropriate. Then, if you wish to let the device get at the DMA area
 *   again, finish accessing the data with the CPU, and then before actually giving the buffer to the
 *   hardware call either: dma_sync_single_for_device(dev, dma_handle, size, direction); or:
 *   dma_sync_sg_for_device(dev, sglist, nents, direction); as appropriate."
 *
 * and, for the direction, "For transmit packets, map/unmap them with the DMA_TO_DEVICE direction
 * specifier" (same file, "DMA Direction"); Documentation/core-api/dma-api.rst, Part Id: "DMA_TO_DEVICE
 * synchronisation must be done after the last modification of the memory region by the software and
 * before it is handed off to the device. Once this primitive is used, memory covered by this
 * primitive should be treated as read-only by the device." kernel/dma/debug.c `check_sync` warns
 * "syncs device read-only DMA memory for cpu" only when the mapping is not DMA_FROM_DEVICE *and*
 * the sync is not DMA_TO_DEVICE, so this sync draws no warning (FIDELITY.md, model finding 1).
 */
export const corpus_tx_buffer_reuse = gk20aDriver({
  name: 'corpus-tx-buffer-reuse',
  summary:
    'documented: a DMA_TO_DEVICE buffer the GPU reads, refilled by the CPU between sync_for_cpu and sync_for_device',
  source: 'Documentation/core-api/dma-api-howto.rst "Using Streaming DMA mappings"; dma-api.rst Part Id',
  expects: [],
  provenance: {
    kind: 'documented',
    doc: 'Documentation/core-api/dma-api-howto.rst',
    section: 'Using Streaming DMA mappings ("If you need to use the same streaming DMA region multiple times")',
  },
  simplifications: [
    'nouveau maps every BO DMA_BIDIRECTIONAL; here every BO is a transmit buffer mapped DMA_TO_DEVICE, and a job that would write one is refused (-EINVAL)',
    'the syncs are per page (dma_sync_single_range on each page, as nouveau_bo_sync_for_cpu/device loop), not one dma_sync_sg call',
    'the userspace client always brackets its CPU access with CPU_PREP/CPU_FINI (no unsynced polling)',
  ],
  populate: 'streaming',
  syncs: true,
  dir: 'TO_DEVICE',
  polls: false,
});
