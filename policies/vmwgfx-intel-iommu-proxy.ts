import { vmwDriver } from './vmwgfx/driver.ts';

/**
 * vmwgfx picking its DMA mode from a proxy for the platform (seed 004): `vmw_dma_select_mode()` in
 * drivers/gpu/drm/vmwgfx/vmwgfx_drv.c before 2019 read
 *
 *   #ifdef CONFIG_INTEL_IOMMU
 *     if (intel_iommu_enabled) { dev_priv->map_mode = vmw_dma_map_populate; goto out_fixup; }
 *   #endif
 *     if (!(vmw_force_iommu || vmw_force_coherent)) { dev_priv->map_mode = vmw_dma_phys; ... }
 *
 * so on x86 without the Intel IOMMU the device got `page_to_phys()` addresses, bypassing the DMA
 * API ("Using physical TTM page addresses."). The proxy holds on a VM with VMware's virtual VT-d
 * (the DMA API is used) and on a plain VM (physical = DMA address); it lies in an SEV guest, where
 * `intel_iommu_enabled` is false but the device reaches only shared memory, through bounce buffers:
 * the data never crosses. Hellwig: "vmwgfx has been doing some odd checks based on DMA ops which rely
 * on deep DMA mapping layer internals" (seed 004, Jan 2019); Hellström: "Currently we use
 * intel_iommu_enabled to detect this situation ... It would be easier to motivate a full removal of
 * the phys mode if we could query the DMA API whether the dma_sync operations are no-ops or not".
 */
export const vmwgfx_intel_iommu_proxy = vmwDriver({
  name: 'vmwgfx-intel-iommu-proxy',
  summary: 'vmw_dma_select_mode: DMA API only if intel_iommu_enabled, else physical page addresses',
  source:
    'drivers/gpu/drm/vmwgfx/vmwgfx_drv.c vmw_dma_select_mode (before 2019); seed 004 (Hellwig/Hellström, "fix DMA ops layering violations in vmwgfx", Jan 2019)',
  expects: ['BOUNCE-COHERENT'],
  onlyOn: { 'BOUNCE-COHERENT': ['x86-vmware-sev'] },
  twin: 'vmwgfx-2024-4c08f01934ab',
  provenance: {
    kind: 'constructed',
    rule: 'a driver gives its device DMA addresses only the DMA API returned (Documentation/core-api/dma-api-howto.rst); this is the pre-2019 vmw_dma_select_mode read from a stored copy of vmwgfx_drv.c, whose introducing commit, and the commit that replaced intel_iommu_enabled with vmw_assume_iommu (a dma_ops test), were not identified',
    where:
      'seed 004 thread (lkml 1901.0/02127, Hellwig 2019-01-05); the phys mode was removed as dead code by "drm/vmwgfx: Remove the vmw_dma_phys mode code" (Message-Id 20191114105645.41578-2-thomas_os@shipmail.org, series "drm/vmwgfx: Clean- and fix up DMA mode selection"), commit id not verified',
  },
  simplifications: [
    'The module options vmw_force_iommu, vmw_force_coherent and vmw_restrict_iommu are at their defaults (off).',
    'Non-x86 builds always used vmw_dma_map_populate; the VMware presets are x86 only.',
    'What a device reading private SEV memory gets (ciphertext or an abort) is not modelled: the data does not cross (BOUNCE-COHERENT).',
  ],
  selectMode: (platform) => (platform.iommu === 'intel-iommu' ? 'map_populate' : 'phys'),
});
