import { identity, type PolicyDef, type PolicyIdentity } from '../define.ts';
import { resvDriver } from '../gem-resv/policy.ts';
import { boSync, type Populate, populate, unpopulate } from './bo.ts';
import { gk20aSignal, mmapAccessProgram } from './programs.ts';

/** A catalogued nouveau-on-GK20A policy: how its BOs are populated, and whether it syncs them. */
export interface Gk20aPolicy extends PolicyIdentity {
  readonly populate: Populate;
  /**
   * `nouveau_bo_sync_for_device` in validate and CPU_FINI, `nouveau_bo_sync_for_cpu` in CPU_PREP
   * (Courbot, 2014, "drm/nouveau: synchronize BOs when required"); `false` is nouveau before them,
   * written for PCI GPUs whose DMA snoops the CPU caches.
   */
  readonly syncs: boolean;
}

/** Submission, completion and CPU access dominate: the coherency bugs live between them. */
export const GK20A_WEIGHTS = {
  create: 2,
  bind: 2,
  execbuf: 6,
  signal: 6,
  mmap_access: 8,
  unbind: 1,
  shrink: 1,
  close: 1,
  madvise: 1,
} as const;

/**
 * nouveau's GEM paths (TTM reservations around every ioctl, reservation-trylocking reclaim) on the
 * Tegra K1 GPU, whose DMA does not snoop the CPU caches: jobs move data through the GPU's DMA
 * mapping of each BO, userspace reads and writes BOs through a CPU mmap.
 */
export function gk20aDriver(p: Gk20aPolicy): PolicyDef {
  return resvDriver({
    ...identity(p),
    config: { gpu: 'gk20a' },
    weights: GK20A_WEIGHTS,
    getPages: (k, obj) => populate(k, obj, p.populate),
    putPages: (k, obj) => unpopulate(k, obj, p.populate),
    parts: p.syncs ? { validate: (k, obj) => boSync(k, obj, false) } : {},
    programs: { signal: gk20aSignal, mmap_access: mmapAccessProgram(p.syncs) },
  });
}
