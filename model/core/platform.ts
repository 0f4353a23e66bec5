import type { DebugMode } from './kinds.ts';

/**
 * How a device's streaming DMA is translated, as the kernel picks its `dma_map_ops`:
 * - `direct`: kernel/dma/direct.c, DMA address = physical address (no IOMMU, or `iommu=off`).
 * - `iommu-strict`: drivers/iommu/dma-iommu.c with `iommu.strict=1` / `intel_iommu=strict`: the unmap
 *   invalidates the IOTLB before it returns (`iommu_dma_unmap_page` → `__iommu_dma_unmap` →
 *   `iommu_iotlb_sync`), so a later device access through the IOVA faults.
 * - `iommu-lazy`: the same with a flush queue (`iommu.strict=0`, `IOMMU_DOMAIN_DMA_FQ`,
 *   drivers/iommu/dma-iommu.c `queue_iova`): the IOVA and its stale IOTLB entry survive until the
 *   queue flushes (a timer, `fq_flush_timeout`, or a full queue).
 * - `passthrough`: an identity domain (`iommu=pt`, `IOMMU_DOMAIN_IDENTITY`): dma-direct behind an IOMMU.
 * - `swiotlb-always`: every streaming mapping is bounced (kernel/dma/direct.h `dma_direct_map_page`:
 *   `is_swiotlb_force_bounce(dev)`; a confidential VM's `swiotlb_force_bounce` for unencrypted DMA).
 * - `swiotlb-above-mask`: dma-direct bounces a page the device's mask does not reach
 *   (`dma_capable()` false → `swiotlb_map`); the model's pages have no physical address, so a device
 *   whose mask is narrower than the platform's memory bounces every page (a simplification).
 */
export const TRANSLATIONS = [
  'direct',
  'iommu-strict',
  'iommu-lazy',
  'passthrough',
  'swiotlb-always',
  'swiotlb-above-mask',
] as const;
/** How a device's DMA addresses are translated (one of TRANSLATIONS). @category Platforms */
export type Translation = (typeof TRANSLATIONS)[number];

/** The IOMMU drivers a platform may have (`none`: no IOMMU hardware, or disabled). */
export const IOMMU_KINDS = ['none', 'intel-iommu', 'amd-iommu', 'arm-smmu', 'arm-smmu-v3', 'tegra-smmu'] as const;
/** An IOMMU driver (one of IOMMU_KINDS). @category Platforms */
export type IommuKind = (typeof IOMMU_KINDS)[number];

/** The CPU architectures the presets name (`uname -m`). */
export const ARCHES = ['x86_64', 'arm64', 'arm'] as const;
/** A CPU architecture (one of ARCHES). @category Platforms */
export type Arch = (typeof ARCHES)[number];

/** One DMA device of a platform, as data: what `struct device` and its `dma_parms` say. */
export interface DeviceSpec {
  /** `dev_name()`, e.g. `0000:00:02.0`: what reports print beside the driver. */
  readonly name: string;
  /** Bound driver, e.g. `i915`. */
  readonly driver: string;
  /** `dev_is_dma_coherent()`: DMA snoops the CPU caches (arm64: the `dma-coherent` DT property). */
  readonly coherent: boolean;
  /** `dma_set_mask()` width in bits (32: a 32-bit device). */
  readonly dmaMaskBits: number;
  /** `dma_parms.max_segment_size`, in pages. */
  readonly maxSegPages: number;
  /** `dma_get_seg_boundary(dev) + 1`, in pages (a power of two). */
  readonly segBoundaryPages: number;
  /** Most DMA segments the device takes in one mapping (attacher constraint, seed 002 RFC). */
  readonly maxSegCount: number;
  /** Needs physically contiguous memory (seed 002: "I need phys contig"). */
  readonly contiguous: boolean;
  /** Its driver imports dma-bufs dynamically (`move_notify`). */
  readonly dynamic: boolean;
  readonly translation: Translation;
}

/**
 * A machine as the DMA API sees it: its devices (device 0 the GPU that owns the objects, devices 1
 * and 2 the dma-buf importers the generators attach), the IOVA space of each IOMMU domain, the
 * DMA-API debug behaviour of its kernel era, and where each fact comes from.
 */
export interface Platform {
  /** Registry name, e.g. `x86-intel-iommu-strict`: what reports print. */
  readonly name: string;
  readonly arch: Arch;
  readonly iommu: IommuKind;
  /** Physical address bits of the top of RAM (33: memory above 4 GiB). */
  readonly memoryBits: number;
  /** Capacity of each IOMMU domain's IOVA space, in pages. */
  readonly iovaPages: number;
  /** `dma_debug_entries` of its kernel (kernel/dma/debug.c). */
  readonly debugEntries: number;
  /** Its kernel era's debug table: a fixed pool that disables itself (before v5.0), or the growing one. */
  readonly debugMode: DebugMode;
  readonly devices: readonly DeviceSpec[];
  /** A source per fact: key (`iommu`, `devices.0.coherent`, ...) → kernel path, commit or document. */
  readonly sources: Readonly<Record<string, string>>;
}
