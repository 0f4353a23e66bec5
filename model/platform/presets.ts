import type { DeviceSpec, GpuName, Platform } from '../core/index.ts';

const BIG = 1 << 20;
/** `dma_get_seg_boundary()` of a device whose `dma_parms` set no mask (ULONG_MAX), in pages. */
export const NO_BOUNDARY = 2 ** 52;

/** A device with no `dma_parms` limits: the defaults of a PCI GPU. */
function gpu(name: string, driver: string, translation: DeviceSpec['translation'], more: Partial<DeviceSpec> = {}) {
  return {
    name,
    driver,
    coherent: true,
    dmaMaskBits: 39,
    maxSegPages: BIG,
    segBoundaryPages: NO_BOUNDARY,
    maxSegCount: BIG,
    contiguous: false,
    dynamic: false,
    translation,
    ...more,
  } as const satisfies DeviceSpec;
}

/**
 * The two dma-buf importers of every preset, with the two shapes of seed 002 ("I can support
 * anything via an iommu/mmu" and "I need phys contig"): a second GPU (amdgpu, dynamic importer:
 * amdgpu_dma_buf.c sets `importer_ops` with `move_notify`) translated like the machine's GPU, and a
 * camera ISP standing for any device with a 32-bit mask, non-coherent DMA and one short segment. The
 * ISP is a composite, not one real device (the RK3399 rkisp1 at this address sits behind a Rockchip
 * IOMMU): it is bounced on every machine, as a 32-bit device above 4 GiB is.
 */
function importers(amdgpu: DeviceSpec['translation']): readonly DeviceSpec[] {
  return [
    gpu('0000:03:00.0', 'amdgpu', amdgpu, { dmaMaskBits: 44, dynamic: true }),
    {
      name: 'fe100000.isp',
      driver: 'rkisp1',
      coherent: false,
      dmaMaskBits: 32,
      maxSegPages: 2,
      segBoundaryPages: NO_BOUNDARY,
      maxSegCount: 1,
      contiguous: true,
      dynamic: false,
      translation: 'swiotlb-always',
    },
  ];
}

const X86_SOURCES = {
  'devices.0':
    "i915 at 0000:00:02.0 behind intel-iommu, coherent: Imre Deak's report in e2273302 (KERNEL.md §1.2); mask 39 bits not verified",
  'devices.1': 'amdgpu importer: amdgpu_dma_buf.c importer_ops with move_notify (seed 002)',
  'devices.2': 'composite 32-bit ISP (seed 002 "I need phys contig", seed 004 SWIOTLB)',
  debugMode:
    'kernel/dma/debug.c before v5.0 (2015, e2273302: "got disabled after a while due to its internal mapping tables getting full")',
  iovaPages: 'small on purpose: an IOVA leak shows within a run (KERNEL.md §1.3)',
};
const LAZY_X86 =
  'x86 defaults to a flush queue: IOMMU_DEFAULT_DMA_LAZY "default if X86" (drivers/iommu/Kconfig; Robin Murphy, "iommu: Clarify default domain Kconfig", Message-Id 69a0c6f17b000b54b8333ee42b3124c1d5a869e2.1631105737.git.robin.murphy@arm.com); before that intel_iommu_strict=0 by default';

const base = {
  arch: 'x86_64',
  memoryBits: 36,
  iovaPages: 256,
  debugEntries: 4096,
  debugMode: 'disable-when-full',
} as const;

/**
 * A VMware VM whose GPU is the SVGA II device (vmwgfx; PCI 0x15ad:0x0405, vmw_pci_id_list). Its
 * bus address 0000:00:0f.0 is where VMware places it, not verified here; the mask is not verified.
 */
function vmware(
  name: string,
  iommu: 'none' | 'intel-iommu',
  translation: DeviceSpec['translation'],
  sources: Readonly<Record<string, string>>,
): Platform {
  return {
    ...base,
    name,
    iommu,
    ...(translation === 'swiotlb-always' ? { debugMode: 'grow' as const, memoryBits: 38 } : {}),
    devices: [gpu('0000:00:0f.0', 'vmwgfx', translation), ...importers(translation)],
    sources: {
      ...X86_SOURCES,
      'devices.0':
        'vmwgfx on the VMware SVGA II device (drivers/gpu/drm/vmwgfx/vmwgfx_drv.c), coherent (a virtual device snoops guest memory); bus id and mask not verified',
      ...sources,
    },
  };
}

/**
 * The presets, each from a real machine (where a fact was not verified its source says so). The
 * first two are the worlds of `gpu: 'i915'` and `gpu: 'gk20a'` before platforms existed, device
 * for device: traces that name only `gpu` replay on them unchanged.
 */
export const PLATFORMS = {
  'x86-intel-iommu-lazy': {
    ...base,
    name: 'x86-intel-iommu-lazy',
    iommu: 'intel-iommu',
    devices: [gpu('0000:00:02.0', 'i915', 'iommu-lazy'), ...importers('iommu-lazy')],
    sources: { ...X86_SOURCES, translation: LAZY_X86 },
  },
  'arm-tegra-k1-gk20a': {
    ...base,
    name: 'arm-tegra-k1-gk20a',
    arch: 'arm',
    iommu: 'tegra-smmu',
    devices: [
      gpu('57000000.gpu', 'nouveau', 'direct', { coherent: false, dmaMaskBits: 40 }),
      ...importers('iommu-lazy'),
    ],
    sources: {
      ...X86_SOURCES,
      'devices.0':
        'Tegra K1 gk20a (nouveau, DT node gpu@0,57000000): no IOMMU and non-snooping DMA in Courbot\'s 2014-2015 series (c3a0c771e582 "drm/nouveau: implement explicitly coherent BOs"); Jetson TK1 is 32-bit ARM (the Nexus 9 K1 is arm64); mask width not verified',
      'devices.1': 'the default importers, kept so the gk20a world of older traces is unchanged (not a Tegra device)',
      iommu:
        "Tegra K1 has an SMMU (drivers/iommu/tegra-smmu.c) that gk20a does not use in that series; the amdgpu importer behind it is the default world's",
    },
  },
  'x86-intel-iommu-strict': {
    ...base,
    name: 'x86-intel-iommu-strict',
    iommu: 'intel-iommu',
    devices: [gpu('0000:00:02.0', 'i915', 'iommu-strict'), ...importers('iommu-strict')],
    sources: {
      ...X86_SOURCES,
      translation:
        'intel_iommu=strict / iommu.strict=1 (Documentation/admin-guide/kernel-parameters.txt): the IOTLB is invalidated at unmap; 9490edb notes B02 is likely "with intel_iommu_strict"',
    },
  },
  'x86-no-iommu': {
    ...base,
    name: 'x86-no-iommu',
    iommu: 'none',
    devices: [gpu('0000:00:02.0', 'i915', 'direct'), ...importers('direct')],
    sources: {
      ...X86_SOURCES,
      translation: 'intel_iommu=off or no VT-d: kernel/dma/direct.c, DMA address = physical address',
    },
  },
  'x86-confidential-vm': {
    ...base,
    name: 'x86-confidential-vm',
    iommu: 'none',
    memoryBits: 38,
    devices: [gpu('virtio0', 'virtio_gpu', 'swiotlb-always', { dmaMaskBits: 64 }), ...importers('swiotlb-always')],
    sources: {
      ...X86_SOURCES,
      'devices.0':
        'a virtio GPU with VIRTIO_F_ACCESS_PLATFORM uses the DMA API (drivers/virtio/virtio_ring.c vring_use_dma_api)',
      translation:
        'SEV/TDX guests force bounce buffering of unencrypted DMA: swiotlb_force_bounce / is_swiotlb_force_bounce (kernel/dma/swiotlb.c, kernel/dma/direct.h dma_direct_map_page)',
      debugMode: 'kernel/dma/debug.c since v5.0: the growing pool',
    },
    debugMode: 'grow',
  },
  'arm64-smmu-noncoherent': {
    ...base,
    name: 'arm64-smmu-noncoherent',
    arch: 'arm64',
    iommu: 'arm-smmu',
    devices: [
      gpu('5000000.gpu', 'msm', 'iommu-strict', { coherent: false, dmaMaskBits: 48 }),
      ...importers('iommu-strict'),
    ],
    sources: {
      ...X86_SOURCES,
      'devices.0':
        'Adreno 630 (drm/msm) on SDM845 behind the arm-smmu, no dma-coherent property (arch/arm64/boot/dts/qcom/sdm845.dtsi; address and mask not verified here)',
      translation:
        'non-x86 defaults to strict invalidation: IOMMU_DEFAULT_DMA_STRICT (drivers/iommu/Kconfig, Message-Id 69a0c6f17b000b54b8333ee42b3124c1d5a869e2.1631105737.git.robin.murphy@arm.com)',
      debugMode: 'kernel/dma/debug.c since v5.0: the growing pool',
    },
    debugMode: 'grow',
  },
  'x86-dma32-highmem': {
    ...base,
    name: 'x86-dma32-highmem',
    iommu: 'none',
    devices: [gpu('0000:00:02.0', 'i915', 'swiotlb-above-mask', { dmaMaskBits: 32 }), ...importers('direct')],
    sources: {
      ...X86_SOURCES,
      'devices.0':
        'a gen3 i915 (G33) with an 8 GiB machine: a 32-bit DMA mask (drivers/gpu/drm/i915/i915_pci.c GEN3 .dma_mask_size = 32, not re-verified here) and memory above 4 GiB',
      translation:
        'no IOMMU: dma-direct bounces pages above the mask through SWIOTLB (kernel/dma/direct.h dma_capable)',
    },
  },
  'x86-vmware-vtd': vmware('x86-vmware-vtd', 'intel-iommu', 'iommu-lazy', {
    iommu:
      "VMware's virtual Intel VT-d (a VM with the IOMMU exposed): intel_iommu_enabled is true in the guest; the flush queue is x86's default",
  }),
  'x86-vmware': vmware('x86-vmware', 'none', 'direct', {
    iommu: 'a VMware VM without a virtual IOMMU: dma-direct, DMA address = physical address',
  }),
  'x86-vmware-sev': vmware('x86-vmware-sev', 'none', 'swiotlb-always', {
    iommu:
      'an SEV guest on VMware (4c08f01934ab "drm/vmwgfx: Enable DMA mappings with SEV"): no IOMMU, so intel_iommu_enabled is false, yet every streaming mapping is bounced',
    translation:
      'SEV forces bounce buffering of DMA to unencrypted SWIOTLB slots: swiotlb_force_bounce / is_swiotlb_force_bounce (kernel/dma/swiotlb.c, kernel/dma/direct.h dma_direct_map_page); a device reaches only shared (decrypted) memory (Documentation/arch/x86/amd-memory-encryption.rst)',
    debugMode: 'kernel/dma/debug.c since v5.0: the growing pool',
  }),
} as const satisfies Record<string, Platform>;

/** The name of a preset platform (a key of PLATFORMS). @category Platforms */
export type PlatformName = keyof typeof PLATFORMS;
export const PLATFORM_NAMES = Object.keys(PLATFORMS) as PlatformName[];

/** The platform of a world that names only its GPU (`WorldConfig.gpu`, traces before platforms). */
export const LEGACY_PLATFORMS: { readonly [G in GpuName]: Platform } = {
  i915: PLATFORMS['x86-intel-iommu-lazy'],
  gk20a: PLATFORMS['arm-tegra-k1-gk20a'],
};

/** Whether `name` names a preset platform. @category Platforms */
export function isPlatformName(name: string): name is PlatformName {
  return Object.hasOwn(PLATFORMS, name);
}
