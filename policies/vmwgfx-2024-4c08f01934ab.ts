import { vmwDriver } from './vmwgfx/driver.ts';

/**
 * vmwgfx after 4c08f01934ab "drm/vmwgfx: Enable DMA mappings with SEV" (Zack Rusin, 2024,
 * Message-Id 20240408022802.358641-1-zack.rusin@broadcom.com; Fixes 3b0d6458c705 "drm/vmwgfx:
 * Refuse DMA operation when SEV encryption is active"): every mode goes through the DMA API, and
 * the mode is asked of the kernel, not guessed from an IOMMU driver's flag:
 *
 *   if (vmw_force_coherent || cc_platform_has(CC_ATTR_MEM_ENCRYPT))
 *     dev_priv->map_mode = vmw_dma_alloc_coherent;
 *   else if (vmw_restrict_iommu) dev_priv->map_mode = vmw_dma_map_bind;
 *   else dev_priv->map_mode = vmw_dma_map_populate;
 *
 * ("When running with SEV we always want dma mappings, because otherwise ttm tt pool pages will
 * bounce through swiotlb running out of available space."). Coherent pages are shared with the
 * host, so the device and CPU see each other's writes with no sync; elsewhere the streaming
 * mappings are neither bounced nor non-coherent, so vmwgfx's missing syncs cost nothing.
 */
export const vmwgfx_2024_4c08f01934ab = vmwDriver({
  name: 'vmwgfx-2024-4c08f01934ab',
  summary: 'vmw_dma_select_mode: dma_alloc_coherent under memory encryption, else streaming DMA mappings',
  source: 'commit 4c08f01934ab (Message-Id 20240408022802.358641-1-zack.rusin@broadcom.com); Fixes 3b0d6458c705',
  expects: [],
  twin: 'vmwgfx-intel-iommu-proxy',
  provenance: {
    kind: 'commit',
    id: '4c08f01934ab',
    title: 'drm/vmwgfx: Enable DMA mappings with SEV',
    fixes: ['3b0d6458c705'],
  },
  simplifications: [
    'cc_platform_has(CC_ATTR_MEM_ENCRYPT) is read as the platform forcing every streaming mapping through SWIOTLB (translation swiotlb-always), which is what memory encryption does to dma-direct.',
    'The module options vmw_force_coherent and vmw_restrict_iommu are at their defaults (off).',
  ],
  selectMode: (platform, gpu) =>
    platform.devices[gpu]?.translation === 'swiotlb-always' ? 'alloc_coherent' : 'map_populate',
});
