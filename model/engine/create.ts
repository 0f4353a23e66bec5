import {
  CONTEXTS,
  type ContextId,
  type Device,
  type GpuName,
  type MappingId,
  NONE,
  type Platform,
  type Policy,
  type World,
  type WorldConfig,
} from '../core/index.ts';
import { MUTEXES, newLockdep } from '../locking/index.ts';
import { SLOT_EMPTY } from '../mm/index.ts';
import { devicesOf, LEGACY_PLATFORMS } from '../platform/index.ts';

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

/**
 * The GPUs a world can be built around, as device 0, from the platforms `gpu` names
 * (`LEGACY_PLATFORMS`, model/platform/presets.ts):
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
const MACHINES: { readonly [G in GpuName]: readonly Device[] } = {
  i915: devicesOf(LEGACY_PLATFORMS.i915),
  gk20a: devicesOf(LEGACY_PLATFORMS.gk20a),
};

/**
 * The devices of the default machine (`gpu: 'i915'`): the GPU that owns the objects and the two
 * dma-buf importers of seed 002 (model/platform/presets.ts `importers`).
 * @category Engine
 */
export const DEVICES: readonly Device[] = MACHINES.i915;

/** The devices of a world built around `gpu`: that GPU as device 0, then the importers. @category Engine */
export function devicesFor(gpu: GpuName): readonly Device[] {
  return MACHINES[gpu];
}

/** The machine a world config describes: its platform, or the one its `gpu` names. */
export function platformOf(config: WorldConfig): Platform {
  return config.platform ?? LEGACY_PLATFORMS[config.gpu];
}

/**
 * A fresh, all-free IOVA owner table. Every run creates a world: copying a cached packed template
 * costs a fifth of filling a new holey array.
 */
let freeTemplate: (MappingId | -1)[] = [];
function freeIova(pages: number): (MappingId | -1)[] {
  // A device without an IOMMU has none: keep the template for the next world's IOMMU.
  if (pages === 0) return [];
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
  const devices = config.platform === undefined ? devicesFor(config.gpu) : devicesOf(config.platform);
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
      const lazy = d.translation === 'iommu-lazy';
      return { capacity, owner: freeIova(capacity), used: 0, failures: 0, lazy, fq: [] };
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

/**
 * The world a policy is checked in: the default, the platform's sizes and debug era (when the
 * caller or the policy names a platform), the policy's own settings, then the caller's.
 * @category Engine
 */
export function configFor(policy: Policy, override: Partial<WorldConfig> = {}): WorldConfig {
  const platform = override.platform ?? policy.config?.platform;
  if (platform === undefined) return { ...DEFAULT_CONFIG, ...policy.config, ...override };
  return { ...DEFAULT_CONFIG, ...platformConfig(platform), ...policy.config, ...override };
}

/** The world settings a platform decides. */
export function platformConfig(platform: Platform): Partial<WorldConfig> {
  return {
    platform,
    iovaPages: platform.iovaPages,
    debugEntries: platform.debugEntries,
    debugMode: platform.debugMode,
  };
}
