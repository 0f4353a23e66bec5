import type { Device } from '../core/index.ts';

/**
 * `dma_need_sync(dev, dma_addr)` (kernel/dma/mapping.c, added by 3aa9162500fb "dma-mapping: add a
 * dma_need_sync API", v5.8): whether `dma_sync_*` calls on this mapping do anything.
 * - dma-direct (also an identity domain): kernel/dma/direct.c `dma_direct_need_sync`:
 *   `!dev_is_dma_coherent(dev) || swiotlb_find_pool(dev, dma_to_phys(dev, dma_addr))` (older:
 *   `is_swiotlb_buffer`), i.e. a non-coherent device or a bounced address.
 * - dma-iommu: v5.8 answers `ops->sync_single_for_cpu || ops->sync_single_for_device`, true for
 *   every device behind a DMA domain, coherent or not (iommu_dma_ops has both). Later kernels skip
 *   syncs per device (f406c8e4b770 "dma: avoid redundant calls for sync operations", v6.10,
 *   `dev->dma_skip_sync`); whether a coherent device behind dma-iommu then answers false was not
 *   verified here, so the model answers as v5.8.
 * `bounced`: this address is a SWIOTLB slot.
 */
export function dmaNeedSync(d: Device, bounced: boolean): boolean {
  if (d.iommu) return true;
  return !d.coherent || bounced;
}
