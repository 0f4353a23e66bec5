import { DIR, type DmaDir, type DriverWords, type Program } from '../../model/index.ts';
import { identity, type PolicyDef, type PolicyIdentity } from '../define.ts';
import { resvDriver } from '../gem-resv/policy.ts';
import { execbufProgram } from '../i915-2015/execbuf.ts';
import type { I915Parts } from '../i915-2015/parts.ts';
import { boSync, mapAtBind, type Populate, populate, unmapAtLastUnbind, unpopulate } from './bo.ts';
import { gk20aSignal, mmapAccessProgram, oneWayExecbuf } from './programs.ts';

/** A catalogued nouveau-on-GK20A policy: how its BOs are populated, and whether it syncs them. */
export interface Gk20aPolicy extends PolicyIdentity {
  readonly populate: Populate;
  /**
   * `nouveau_bo_sync_for_device` in validate and CPU_FINI, `nouveau_bo_sync_for_cpu` in CPU_PREP
   * (Courbot, 2014, "drm/nouveau: synchronize BOs when required"); `false` is nouveau before them,
   * written for PCI GPUs whose DMA snoops the CPU caches.
   */
  readonly syncs: boolean;
  /**
   * The direction BOs are mapped with (default BIDIRECTIONAL, as TTM maps). Not nouveau's: the
   * corpus's one-direction buffers. TO_DEVICE is a transmit buffer the GPU only reads (a job that
   * would write it is refused, -EINVAL); FROM_DEVICE a receive buffer the GPU only writes and the CPU
   * only reads (a reading job or a CPU write is refused). "For transmit packets, map/unmap them with
   * the DMA_TO_DEVICE direction specifier. For receive packets, just the opposite"
   * (Documentation/core-api/dma-api-howto.rst, "DMA Direction").
   */
  readonly dir?: DmaDir;
  /**
   * Userspace also reads BOs without CPU_PREP/CPU_FINI (mmap_access `arg` 2, a client polling a fence
   * value, 996f545fbb0d); default true. `false`: a client that always brackets its CPU access, whose
   * `arg` 2 is a bracketed read.
   */
  readonly polls?: boolean;
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
  const dir = DIR[p.dir ?? 'BIDIRECTIONAL'];
  const parts: Omit<I915Parts, 'lock'> = {
    ...(p.syncs ? { validate: (k, obj) => boSync(k, obj, false) } : {}),
    ...(p.populate === 'at-bind'
      ? {
          prepareBind: (k, obj) => mapAtBind(k, obj, dir),
          finishUnbind: (k, obj, last) => unmapAtLastUnbind(k, obj, last, dir),
        }
      : {}),
  };
  const programs: Record<string, Program> = {
    signal: gk20aSignal,
    mmap_access: mmapAccessProgram(p.syncs, {
      dir,
      polls: p.polls ?? true,
      whileMapped: p.populate !== 'at-bind',
    }),
  };
  if (dir !== DIR.BIDIRECTIONAL) programs.execbuf = oneWayExecbuf(execbufProgram({ ...parts, lock: 'resv' }), dir);
  const policy = resvDriver({
    ...identity(p),
    config: { gpu: 'gk20a' },
    weights: GK20A_WEIGHTS,
    getPages: (k, obj) => populate(k, obj, p.populate, dir),
    putPages: (k, obj) => unpopulate(k, obj, p.populate, dir),
    parts,
    programs,
  });
  // The corpus reuses these programs for driver-neutral buffers: it keeps the generic words.
  return p.name.startsWith('nouveau-') ? { ...policy, words: NOUVEAU_WORDS } : policy;
}

/**
 * nouveau's words: DRM_NOUVEAU_GEM_PUSHBUF submits (nouveau_gem.c `nouveau_gem_ioctl_pushbuf`, into
 * the channel's VM, not i915's GGTT), and DRM_NOUVEAU_GEM_CPU_PREP / CPU_FINI bracket CPU access.
 */
const NOUVEAU_WORDS: DriverWords = {
  ops: {
    execbuf: (op) => `pushbuf: GPU ${op.arg === 1 ? 'writes' : 'reads'} obj#${op.obj} (DRM_NOUVEAU_GEM_PUSHBUF)`,
    mmap_access: (op) =>
      op.arg === 2
        ? `CPU polls obj#${op.obj} through its mmap (no CPU_PREP)`
        : `CPU ${op.arg === 1 ? 'writes' : 'reads'} obj#${op.obj} through its mmap, between CPU_PREP and CPU_FINI`,
  },
};
