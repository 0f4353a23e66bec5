import {
  BLOCK,
  cpuRead,
  cpuWrite,
  DIR,
  DONE,
  E,
  fenceSignal,
  gpuRunJob,
  NONE,
  type ObjectId,
  objAt,
  oldestUnsignaled,
  type Program,
  program,
  resvWaitIdle,
  type Step,
  sgAt,
  sgIsMapped,
  USAGE,
} from '../../model/index.ts';
import { boSync } from './bo.ts';

/** The GPU completes a timeline's oldest job: its reads and writes land, then its fence signals. */
export const gk20aSignal = program('signal', {
  signal: (k, f) => {
    const fence = oldestUnsignaled(k, f.arg);
    if (fence === NONE) return;
    gpuRunJob(k, fence);
    fenceSignal(k, fence);
  },
});

/** How userspace reaches a BO through its mmap, beyond the driver's syncs (see Gk20aPolicy). */
export interface MmapAccessOptions {
  /** The direction the BO is mapped with: a FROM_DEVICE BO (an RX buffer) refuses CPU writes. */
  readonly dir: number;
  /** `arg` 2 reads without CPU_PREP/CPU_FINI; `false` makes it a bracketed read. */
  readonly polls: boolean;
  /** The CPU may touch a BO the GPU has mapped (syncing it); `false` refuses it (-EBUSY) while mapped. */
  readonly whileMapped: boolean;
}

const NOUVEAU_MMAP: MmapAccessOptions = { dir: DIR.BIDIRECTIONAL, polls: true, whileMapped: true };

/**
 * Userspace touches a BO through its CPU mmap. `arg` 0 reads and 1 writes between
 * DRM_NOUVEAU_GEM_CPU_PREP and CPU_FINI (nouveau_gem.c): CPU_PREP waits for the fences a reader
 * (writers) or a writer (everyone) must wait for, `dma_resv_usage_rw(write)`, then calls
 * `nouveau_bo_sync_for_cpu`; CPU_FINI calls `nouveau_bo_sync_for_device`. `arg` 2 reads without
 * either, as a client polling a fence value the GPU writes into a BO does ("User-space use mappable
 * BOs notably for fences, and expects that a value update by the GPU will be immediatly visible
 * through the user-space mapping", 996f545fbb0d). The access and the ioctls around it are one step:
 * a well-behaved client does not submit GPU work on the BO in the middle. `syncs: false` is the
 * driver before it synced BOs at all (the ioctls only wait). `opts` are the corpus's variations.
 */
export function mmapAccessProgram(syncs: boolean, opts: MmapAccessOptions = NOUVEAU_MMAP): Program {
  return program('mmap_access', {
    cpu_prep: (k, f) => {
      if (f.arg === 2 && opts.polls) return;
      if (f.arg === 1 && opts.dir === DIR.FROM_DEVICE) {
        f.ret = E.INVAL;
        return DONE;
      }
      const usage = f.arg === 1 ? USAGE.READ : USAGE.WRITE;
      if (!resvWaitIdle(k, objAt(k.w, f.obj).resv, usage)) return BLOCK;
    },
    access: (k, f) => {
      const obj = f.obj as ObjectId;
      const o = objAt(k.w, obj);
      if (o.sg === NONE) return;
      if (!opts.whileMapped && sgIsMapped(k, o.sg)) {
        f.ret = E.BUSY;
        return;
      }
      const bracketed = f.arg !== 2 || !opts.polls;
      if (bracketed && syncs) boSync(k, obj, true);
      const since = k.w.dataVer;
      for (const p of sgAt(k.w, o.sg).pages) {
        if (f.arg === 1) cpuWrite(k, p);
        else cpuRead(k, p, since);
      }
      if (bracketed && syncs) boSync(k, obj, false);
    },
  });
}

/**
 * Command submission on one-direction BOs: a job that would write a TO_DEVICE BO, or read a
 * FROM_DEVICE one, is refused with -EINVAL before anything is locked; the rest is `base`.
 */
export function oneWayExecbuf(base: Program, dir: number): Program {
  const steps: Record<string, Step> = {
    check_dir: (_k, f) => {
      const write = f.arg === 1;
      if (write === (dir === DIR.TO_DEVICE)) {
        f.ret = E.INVAL;
        return DONE;
      }
    },
  };
  base.labels.forEach((l, i) => {
    steps[l] = base.steps[i] as Step;
  });
  return program(base.name, steps);
}
