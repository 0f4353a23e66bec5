import { gk20aDriver } from '../nouveau-gk20a/policy.ts';

/**
 * Receive-buffer recycling on a non-coherent device: a buffer mapped DMA_FROM_DEVICE once, which
 * the GPU only writes and the CPU only reads. CPU_PREP waits for the job writing it and takes it
 * with `dma_sync_*_for_cpu(DMA_FROM_DEVICE)`, the CPU reads, CPU_FINI gives it back to the device
 * with `dma_sync_*_for_device(DMA_FROM_DEVICE)` (and validate syncs it for the device at each
 * submit). Documentation/core-api/dma-api-howto.rst, "Using Streaming DMA mappings": "Then, if you
 * wish to let the device get at the DMA area again, finish accessing the data with the CPU, and then
 * before actually giving the buffer to the hardware call either: dma_sync_single_for_device(dev,
 * dma_handle, size, direction); or: dma_sync_sg_for_device(dev, sglist, nents, direction); as
 * appropriate." and "For receive packets, just the opposite, map/unmap them with the
 * DMA_FROM_DEVICE direction specifier" ("DMA Direction"); Documentation/core-api/dma-api.rst, Part
 * Id: "DMA_FROM_DEVICE synchronisation must be done before the driver accesses data that may be
 * changed by the device. This memory should be treated as read-only by the driver."
 *
 * The howto's own receive example gives the buffer back without that sync ("CPU should not write to
 * DMA_FROM_DEVICE-mapped area, so dma_sync_single_for_device() is not needed here"): the sync is
 * optional there, never wrong; drivers that recycle receive pages make it (page_pool's
 * `page_pool_dma_sync_for_device` calls `dma_sync_single_range_for_device(..., pool->p.dma_dir)`;
 * not re-read here). kernel/dma/debug.c `check_sync` warns "syncs device write-only DMA memory to
 * device" only when the mapping is not DMA_TO_DEVICE *and* the sync is not DMA_FROM_DEVICE, so this
 * sync draws no warning (FIDELITY.md, model finding 1).
 */
export const corpus_rx_buffer_recycle = gk20aDriver({
  name: 'corpus-rx-buffer-recycle',
  summary:
    'documented: a DMA_FROM_DEVICE buffer the GPU writes, read by the CPU after sync_for_cpu, given back with sync_for_device',
  source: 'Documentation/core-api/dma-api-howto.rst "Using Streaming DMA mappings"; dma-api.rst Part Id',
  expects: [],
  provenance: {
    kind: 'documented',
    doc: 'Documentation/core-api/dma-api-howto.rst',
    section: 'Using Streaming DMA mappings ("if you wish to let the device get at the DMA area again")',
  },
  simplifications: [
    'nouveau maps every BO DMA_BIDIRECTIONAL; here every BO is a receive buffer mapped DMA_FROM_DEVICE: a job that would read one, or a CPU write to one, is refused (-EINVAL)',
    'the syncs are per page (dma_sync_single_range on each page, as nouveau_bo_sync_for_cpu/device loop), not one dma_sync_sg call',
    'the userspace client always brackets its CPU access with CPU_PREP/CPU_FINI (no unsynced polling)',
  ],
  populate: 'streaming',
  syncs: true,
  dir: 'FROM_DEVICE',
  polls: false,
});
