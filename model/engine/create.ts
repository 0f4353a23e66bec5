import {
  CONTEXTS,
  type ContextId,
  type Device,
  type DeviceId,
  GPU,
  type GpuName,
  type MappingId,
  NONE,
  type Policy,
  type World,
  type WorldConfig,
} from '../core/index.ts';
import { MUTEXES, newLockdep } from '../locking/index.ts';
import { SLOT_EMPTY } from '../mm/index.ts';

/** The default world: small pools so that objects, address spaces and contexts collide. @category Engine */
export const DEFAULT_CONFIG: WorldConfig = {
  gpu: 'i915',
  vms: 3,
  maxObjects: 3,
  objectPages: 2,
  iovaPages: 256,
  debugEntries: 4096,
  debugMode: 'disable-when-full',
};

const BIG = 1 << 20;
/** `dma_get_seg_boundary()` of a device whose `dma_parms` set no mask (ULONG_MAX), in pages. */
const NO_BOUNDARY = 2 ** 52;

/**
 * The GPUs a world can be built around, as device 0. Policies name theirs in their `config`.
 * - `i915`: the GPU of Imre Deak's report (i915 at 0000:00:02.0, behind intel-iommu, coherent):
 *   every i915, amdgpu-shaped and dma-buf exporter policy runs on it.
 * - `gk20a`: the Tegra K1 GPU (nouveau, device-tree node `gpu@0,57000000`), the non-coherent GPU
 *   of Alexandre Courbot's 2014-2015 nouveau series ("drm/nouveau: implement explicitly coherent
 *   BOs", c3a0c771e582): no IOMMU in that series (dma-direct, DMA address = physical), and its
 *   DMA does not snoop the CPU caches, so streaming mappings need `dma_sync_*` at every handover
 *   ("On architectures for which access to GPU memory is non-coherent, caches need to be flushed
 *   and invalidated explicitly when BO control changes between CPU and GPU", the same series).
 * @category Engine
 */
export const GPUS = {
  i915: {
    id: GPU,
    name: '0000:00:02.0',
    driver: 'i915',
    iommu: true,
    coherent: true,
    bounce: false,
    maxSegPages: BIG,
    segBoundaryPages: NO_BOUNDARY,
    maxSegCount: BIG,
    contiguous: false,
    dynamic: false,
  },
  gk20a: {
    id: GPU,
    name: '57000000.gpu',
    driver: 'nouveau',
    iommu: false,
    coherent: false,
    bounce: false,
    maxSegPages: BIG,
    segBoundaryPages: NO_BOUNDARY,
    maxSegCount: BIG,
    contiguous: false,
    dynamic: false,
  },
} as const satisfies Record<GpuName, Device>;

/**
 * The devices of the model: the GPU that owns the objects, and two dma-buf importers with the two
 * shapes of seed 002 ("I can support anything via an iommu/mmu" and "I need phys contig"): a second
 * GPU behind an IOMMU, and a camera ISP with no IOMMU, a 32-bit DMA mask (so SWIOTLB bounce buffers,
 * seed 004), non-coherent DMA, and a one-segment limit. Only the second GPU imports dynamically
 * (amdgpu_dma_buf.c sets `importer_ops` with `move_notify`; videobuf2, the ISP's, attaches statically).
 * This is the default machine (`gpu: 'i915'`); `devicesFor` puts another GPU in slot 0.
 * @category Engine
 */
export const DEVICES: readonly Device[] = [
  GPUS.i915,
  {
    id: 1 as DeviceId,
    name: '0000:03:00.0',
    driver: 'amdgpu',
    iommu: true,
    coherent: true,
    bounce: false,
    maxSegPages: BIG,
    segBoundaryPages: NO_BOUNDARY,
    maxSegCount: BIG,
    contiguous: false,
    dynamic: true,
  },
  {
    id: 2 as DeviceId,
    // A composite, not one real device: the RK3399 rkisp1 at this address sits behind a Rockchip
    // IOMMU; here it stands for any device with no IOMMU, a 32-bit mask, SWIOTLB and one short segment.
    name: 'fe100000.isp',
    driver: 'rkisp1',
    iommu: false,
    coherent: false,
    bounce: true,
    maxSegPages: 2,
    segBoundaryPages: NO_BOUNDARY,
    maxSegCount: 1,
    contiguous: true,
    dynamic: false,
  },
];

const MACHINES: { readonly [G in GpuName]: readonly Device[] } = {
  i915: DEVICES,
  gk20a: [GPUS.gk20a, ...DEVICES.slice(1)],
};

/** The devices of a world built around `gpu`: that GPU as device 0, then the importers. @category Engine */
export function devicesFor(gpu: GpuName): readonly Device[] {
  return MACHINES[gpu];
}

/**
 * A fresh, all-free IOVA owner table. Every run creates a world: copying a cached packed template
 * costs a fifth of filling a new holey array.
 */
let freeTemplate: (MappingId | -1)[] = [];
function freeIova(pages: number): (MappingId | -1)[] {
  if (freeTemplate.length !== pages) {
    freeTemplate = [];
    for (let i = 0; i < pages; i++) freeTemplate.push(NONE);
  }
  return freeTemplate.slice();
}

/**
 * A booted world under `config`: no objects yet, the devices of `config.gpu` (with their IOMMU
 * domains and the DMA-API debug table), one mm, the lockdep graph with its boot-time dependencies
 * and every context idle.
 * @category Engine
 */
export function createWorld(config: WorldConfig = DEFAULT_CONFIG): World {
  const devices = devicesFor(config.gpu);
  return {
    config,
    step: 0,
    pages: [],
    freePages: [],
    objects: [],
    vmas: [],
    sgs: [],
    mappings: [],
    devices: [...devices],
    iommus: devices.map((d) => {
      const capacity = d.iommu ? config.iovaPages : 0;
      return { capacity, owner: freeIova(capacity), used: 0, failures: 0 };
    }),
    debug: {
      capacity: config.debugEntries,
      mode: config.debugMode,
      used: 0,
      disabled: false,
      disabledAt: NONE,
      cachelines: [],
      sg: true,
    },
    fences: [],
    resvs: [],
    mutexes: MUTEXES.map((_, id) => ({ id, owner: NONE, cls: NONE })),
    contexts: CONTEXTS.map((_, i) => ({ id: i as ContextId, stack: [], blocked: false, ref: NONE, held: [] })),
    lockdep: newLockdep(),
    dataVer: 0,
    dmabufs: [],
    attachments: [],
    mm: {
      slots: new Array<number>(config.maxObjects * config.objectPages).fill(SLOT_EMPTY),
      mmapReaders: 0,
      mmapWriter: NONE,
      seq: 2,
      invStart: NONE,
      invEnd: NONE,
    },
  };
}

/** The world a policy is checked in: the default, the policy's own settings, then the caller's. @category Engine */
export function configFor(policy: Policy, override: Partial<WorldConfig> = {}): WorldConfig {
  return { ...DEFAULT_CONFIG, ...policy.config, ...override };
}
