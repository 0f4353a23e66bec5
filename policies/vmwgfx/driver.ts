import {
  BLOCK,
  CONTEXTS,
  type DeviceId,
  DIR,
  DONE,
  type DriverWords,
  deviceAccess,
  deviceAccessPhys,
  E,
  fenceCreatePages,
  fenceSignal,
  GPU,
  type Kernel,
  NONE,
  type ObjectId,
  objAt,
  objMarkDirty,
  oldestUnsignaled,
  type PageId,
  type Platform,
  type Program,
  pageAt,
  platformOf,
  program,
  resvAddFence,
  resvIdle,
  resvLock,
  resvUnlock,
  resvWaitIdle,
  type Step,
  sgAt,
  USAGE,
} from '../../model/index.ts';
import { identity, type PolicyDef, type PolicyIdentity } from '../define.ts';
import { resvDriver } from '../gem-resv/policy.ts';
import { timelineOf } from '../i915-2015/execbuf.ts';
import { shmemGetPages, shmemPutPages } from '../i915-2015/shmem.ts';
import { populate, unpopulate } from '../nouveau-gk20a/bo.ts';
import { mmapAccessProgram } from '../nouveau-gk20a/programs.ts';
import { VMWARE_PLATFORMS } from '../platforms.ts';

/**
 * `enum vmw_dma_map_mode` (drivers/gpu/drm/vmwgfx/vmwgfx_drv.h): how vmwgfx makes a buffer's pages
 * visible to the SVGA device. `phys`: `vmw_dma_phys`, the pages' physical addresses, no DMA API
 * (`__vmw_piter_phys_addr`: `page_to_phys`); `map_populate`: `vmw_dma_map_populate`, TTM pages
 * mapped with the streaming API at populate and kept ("Keeping DMA mappings." / "Caching DMA
 * mappings."); `alloc_coherent`: `vmw_dma_alloc_coherent`, pages from `dma_alloc_coherent` ("Using
 * coherent TTM pages."). `vmw_dma_map_bind` (map at bind) is not modelled.
 */
export type VmwDmaMode = 'phys' | 'map_populate' | 'alloc_coherent';

/** A catalogued vmwgfx policy: its `vmw_dma_select_mode`, asked of the machine it loads on. */
export interface VmwPolicy extends PolicyIdentity {
  /** `vmw_dma_select_mode()`, run once at driver load (`vmw_driver_load`). */
  readonly selectMode: (platform: Platform, gpu: DeviceId) => VmwDmaMode;
  /** As `Policy.onlyOn`. */
  readonly onlyOn?: PolicyDef['onlyOn'];
}

/**
 * vmwgfx's words: DRM_VMW_EXECBUF submits to the SVGA device, and userspace brackets CPU access with
 * DRM_VMW_SYNCCPU `drm_vmw_synccpu_grab` / `drm_vmw_synccpu_release` (vmwgfx_drm.h, vmwgfx_bo.c
 * `vmw_user_bo_synccpu_ioctl`), where nouveau has CPU_PREP / CPU_FINI.
 */
const VMW_WORDS: DriverWords = {
  ops: {
    execbuf: (op) => `execbuf: the SVGA device ${op.arg === 1 ? 'writes' : 'reads'} buffer obj#${op.obj}`,
    signal: (op) => `the SVGA device completes the oldest job of ${CONTEXTS[op.arg] ?? op.arg} (fence signals)`,
    mmap_access: (op) =>
      `CPU ${op.arg === 1 ? 'writes' : 'reads'} buffer obj#${op.obj} through its mmap, between synccpu grab and synccpu release`,
  },
};

/** The machine a vmwgfx policy is checked on by default: a VM with a virtual VT-d. */
const PLATFORMS_DEFAULT = VMWARE_PLATFORMS[0] as Platform;

/** The mode of the world's driver (the machine does not change under a loaded driver). */
function modeOf(k: Kernel, v: VmwPolicy): VmwDmaMode {
  return v.selectMode(platformOf(k.w.config), GPU);
}

/**
 * Command submission (`vmw_execbuf_ioctl`, reduced to one buffer): reserve it, validate it (TTM
 * populates its pages, `vmw_ttm_populate`, and with them its DMA addresses in the selected mode),
 * fence the job and add the fence to the reservation, unreserve.
 */
function execbufProgram(): Program {
  return program('execbuf', {
    lock: (k, f) => {
      if (resvLock(k, objAt(k.w, f.obj).resv) === E.BUSY) return BLOCK;
    },
    validate: (k, f) => {
      const o = objAt(k.w, f.obj);
      const err = k.policy.getPages(k, f.obj as ObjectId);
      if (err < 0 || o.sg === NONE) {
        f.ret = err < 0 ? err : E.NOMEM;
        resvUnlock(k, o.resv);
        return DONE;
      }
    },
    submit: (k, f) => {
      const o = objAt(k.w, f.obj);
      const write = f.arg === 1;
      const fence = fenceCreatePages(k, timelineOf(k.ctx), sgAt(k.w, o.sg).pages, write);
      f.fence = fence;
      resvAddFence(k, o.resv, fence, write ? USAGE.WRITE : USAGE.READ);
      if (write) objMarkDirty(k, o.id);
    },
    unlock: (k, f) => {
      resvUnlock(k, objAt(k.w, f.obj).resv);
    },
  });
}

/**
 * The last handle goes: GEM's close path, with TTM's wait: the pages are freed only once the
 * buffer's fences signalled (`ttm_bo_release` waits on, or defers to, the reservation's fences).
 * The fences are checked again under the reservation, where no new job can be added.
 */
function closeProgram(base: Program): Program {
  const steps: Record<string, Step> = {};
  base.labels.forEach((l, i) => {
    const step = base.steps[i] as Step;
    steps[l] = step;
    if (l === 'wait_idle') {
      steps[l] = (k, f) => {
        if (!resvWaitIdle(k, objAt(k.w, f.obj).resv, USAGE.BOOKKEEP)) return BLOCK;
        return step(k, f);
      };
    }
    if (l === 'lock') {
      steps.ttm_wait = (k, f) => {
        const resv = objAt(k.w, f.obj).resv;
        if (resvIdle(k, resv, USAGE.BOOKKEEP)) return;
        resvUnlock(k, resv);
        return 'wait_idle';
      };
    }
  });
  return program('close', steps);
}

/**
 * The SVGA device completes a timeline's oldest job: it reads (or writes) every page of the job at
 * the address the driver gave it: the physical address in `phys` mode (`deviceAccessPhys`), else
 * through the buffer's DMA mapping (`deviceAccess`); then the fence signals.
 */
function signalProgram(v: VmwPolicy): Program {
  return program('signal', {
    signal: (k, f) => {
      const fence = oldestUnsignaled(k, f.arg);
      if (fence === NONE) return;
      const job = k.w.fences[fence];
      if (job !== undefined) {
        const phys = modeOf(k, v) === 'phys';
        for (const id of job.pages) runPage(k, id, job.write, phys);
      }
      fenceSignal(k, fence);
    },
  });
}

function runPage(k: Kernel, id: PageId, write: boolean, phys: boolean): void {
  const p = pageAt(k.w, id);
  if (p.obj === NONE) return; // freed under the job: the lifetime invariants speak
  if (phys) {
    deviceAccessPhys(k, GPU, id, write);
    return;
  }
  const o = objAt(k.w, p.obj);
  if (o.sg === NONE) return;
  const t = sgAt(k.w, o.sg);
  const m = t.dma === NONE ? undefined : k.w.mappings[t.dma];
  const i = t.pages.indexOf(id);
  if (m?.live && m.dev === GPU && i >= 0) deviceAccess(k, m.id, i, write);
}

/**
 * vmwgfx's GEM paths on a VMware VM: TTM reservations around every ioctl, buffers populated in the
 * mode `vmw_dma_select_mode` picked, jobs that read and write whole buffers, and userspace reaching
 * a buffer through its mmap between DRM_VMW_SYNCCPU grab and release, which wait for the GPU
 * (`vmw_user_bo_synccpu_grab`: `ttm_bo_wait`) and sync nothing: vmwgfx relies on coherent memory
 * (seed 004, Hellström: "the driver can currently only work with coherent memory").
 */
export function vmwDriver(v: VmwPolicy): PolicyDef {
  const policy = resvDriver({
    ...identity(v),
    config: { platform: PLATFORMS_DEFAULT },
    // No GEM VMAs: the device's GMR/MOB bindings are its own; no shrinker (not what the pair is about).
    weights: {
      create: 2,
      bind: 0,
      unbind: 0,
      execbuf: 6,
      signal: 6,
      mmap_access: 8,
      shrink: 0,
      madvise: 0,
      fault: 0,
      close: 1,
    },
    getPages: (k, obj) => {
      const mode = modeOf(k, v);
      if (mode === 'alloc_coherent') return populate(k, obj, 'coherent');
      return shmemGetPages(k, obj, mode === 'map_populate', DIR.BIDIRECTIONAL);
    },
    putPages: (k, obj) => {
      const mode = modeOf(k, v);
      if (mode === 'alloc_coherent') return unpopulate(k, obj, 'coherent');
      return shmemPutPages(k, obj, mode === 'map_populate', DIR.BIDIRECTIONAL);
    },
    programs: {
      execbuf: execbufProgram(),
      signal: signalProgram(v),
      mmap_access: mmapAccessProgram(false, { dir: DIR.BIDIRECTIONAL, polls: false, whileMapped: true }),
    },
  });
  const programs = {
    ...policy.programs,
    close: closeProgram(policy.programs.close),
  };
  return {
    ...policy,
    programs,
    words: VMW_WORDS,
    platforms: VMWARE_PLATFORMS,
    ...(v.onlyOn === undefined ? {} : { onlyOn: v.onlyOn }),
  };
}
