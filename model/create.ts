import type { ContextId, DeviceId, MappingId } from './ids.ts';
import { NONE } from './ids.ts';
import { CONTEXTS } from './kinds.ts';
import { MUTEXES } from './locks.ts';
import type { World, WorldConfig } from './world.ts';

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
    devices: [{ id: GPU, name: '0000:00:02.0', driver: 'i915' }],
    iommus: [
      {
        capacity: config.iovaPages,
        owner: freeIova(config.iovaPages),
        used: 0,
        failures: 0,
      },
    ],
    debug: {
      capacity: config.debugEntries,
      mode: config.debugMode,
      used: 0,
      disabled: false,
      disabledAt: NONE,
    },
    fences: [],
    resvs: [],
    mutexes: MUTEXES.map((_, id) => ({ id, owner: NONE })),
    contexts: CONTEXTS.map((_, i) => ({ id: i as ContextId, stack: [], blocked: false, ref: NONE })),
  };
}
