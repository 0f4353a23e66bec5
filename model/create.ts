import type { ContextId, DeviceId } from './ids.ts';
import { NONE } from './ids.ts';
import { CONTEXTS } from './kinds.ts';
import { newLockdep } from './lockdep.ts';
import { MUTEXES } from './locks.ts';
import { SLOT_EMPTY } from './mm.ts';
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
        owner: new Array<number>(config.iovaPages).fill(NONE) as World['iommus'][number]['owner'],
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
    mutexes: MUTEXES.map((_, id) => ({ id, owner: NONE, cls: NONE })),
    contexts: CONTEXTS.map((_, i) => ({ id: i as ContextId, stack: [], blocked: false, ref: NONE, held: [] })),
    lockdep: newLockdep(),
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
