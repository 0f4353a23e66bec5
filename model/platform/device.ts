import type { Device, DeviceId, DeviceSpec, Platform } from '../core/index.ts';

/**
 * The world's `Device` for a platform's device spec: the step loop reads `iommu` and `bounce`, which
 * the translation and the platform's memory decide.
 * - `iommu`: dma-iommu owns the mapping (an IOVA range) only in a DMA domain, strict or lazy; an
 *   identity domain (`passthrough`) is dma-direct (drivers/iommu/dma-iommu.c `iommu_dma_init_domain`
 *   is set up for `IOMMU_DOMAIN_DMA`/`DMA_FQ` only; kernel/dma/mapping.c `dma_map_direct`).
 * - `bounce`: kernel/dma/direct.h `dma_direct_map_page`: `is_swiotlb_force_bounce(dev)` bounces
 *   every mapping; otherwise a page above the mask (`!dma_capable()`) goes through `swiotlb_map`.
 */
export function deviceOf(platform: Platform, spec: DeviceSpec, id: number): Device {
  const t = spec.translation;
  return {
    id: id as DeviceId,
    name: spec.name,
    driver: spec.driver,
    iommu: t === 'iommu-strict' || t === 'iommu-lazy',
    translation: t,
    dmaMaskBits: spec.dmaMaskBits,
    coherent: spec.coherent,
    bounce: t === 'swiotlb-always' || (t === 'swiotlb-above-mask' && spec.dmaMaskBits < platform.memoryBits),
    maxSegPages: spec.maxSegPages,
    segBoundaryPages: spec.segBoundaryPages,
    maxSegCount: spec.maxSegCount,
    contiguous: spec.contiguous,
    dynamic: spec.dynamic,
  };
}

/** The devices of a platform, device 0 first. */
export function devicesOf(platform: Platform): Device[] {
  return platform.devices.map((s, i) => deviceOf(platform, s, i));
}
