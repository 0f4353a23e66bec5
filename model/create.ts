import type { ContextId, DeviceId, MappingId } from './ids.ts';
import { NONE } from './ids.ts';
import { CONTEXTS } from './kinds.ts';
import { newLockdep } from './lockdep.ts';
import { MUTEXES } from './locks.ts';
import { SLOT_EMPTY } from './mm.ts';
import type { Policy } from './policy.ts';
import type { Device, World, WorldConfig } from './world.ts';

/** The default world: small pools so that objects, address spaces and contexts collide. */
export const DEFAULT_CONFIG: WorldConfig = {
  vms: 3,
  maxObjects: 3,
  objectPages: 2,
  iovaPages: 256,
  debugEntries: 4096,
  debugMode: 'disable-when-full',
};

/** Device 0: the GPU, as Imre Deak's report names it (i915 at 0000:00:02.0, behind intel-iommu). */
export const GPU = 0 as DeviceId;

const BIG = 1 << 20;

/**
 * The devices of the model: the GPU that owns the objects, and two dma-buf importers with the two
 * shapes of seed 002 ("I can support anything via an iommu/mmu" and "I need phys contig"): a second
 * GPU behind an IOMMU, and a camera ISP with no IOMMU, a 32-bit DMA mask (so SWIOTLB bounce buffers,
 * seed 004), non-coherent DMA, and a one-segment limit. Only the second GPU imports dynamically
 * (amdgpu_dma_buf.c sets `importer_ops` with `move_notify`; videobuf2, the ISP's, attaches statically).
 */
export const DEVICES: readonly Device[] = [
  {
    id: GPU,
    name: '0000:00:02.0',
    driver: 'i915',
    iommu: true,
    coherent: true,
    bounce: false,
    maxSegPages: BIG,
    maxSegCount: BIG,
    contiguous: false,
    dynamic: false,
  },
  {
    id: 1 as DeviceId,
    name: '0000:03:00.0',
    driver: 'amdgpu',
    iommu: true,
    coherent: true,
    bounce: false,
    maxSegPages: BIG,
    maxSegCount: BIG,
    contiguous: false,
    dynamic: true,
  },
  {
    id: 2 as DeviceId,
    name: 'fe100000.isp',
    driver: 'rkisp1',
    iommu: false,
    coherent: false,
    bounce: true,
    maxSegPages: 2,
    maxSegCount: 1,
    contiguous: true,
    dynamic: false,
  },
];
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

export function createWorld(config: WorldConfig = DEFAULT_CONFIG): World {
  return {
    config,
    step: 0,
    pages: [],
    freePages: [],
    objects: [],
    vmas: [],
    sgs: [],
    mappings: [],
    devices: [...DEVICES],
    iommus: DEVICES.map((d) => {
      const capacity = d.iommu ? config.iovaPages : 0;
      return { capacity, owner: freeIova(capacity), used: 0, failures: 0 };
    }),
    debug: {
      capacity: config.debugEntries,
      mode: config.debugMode,
      used: 0,
      disabled: false,
      disabledAt: NONE,
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

/** The world a policy is checked in: the default, the policy's own settings, then the caller's. */
export function configFor(policy: Policy, override: Partial<WorldConfig> = {}): WorldConfig {
  return { ...DEFAULT_CONFIG, ...policy.config, ...override };
}
