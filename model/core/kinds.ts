/**
 * The closed vocabularies of the model, each listed once. Generators, coverage counters, reports
 * and the trace format all read these lists; adding an entry here is how a new kind comes to exist.
 */

/**
 * Execution contexts (KERNEL.md §1.13). Each steps independently and the engine interleaves them.
 * - `U0`, `U1`: user ioctl threads.
 * - `R`: kswapd running the shrinker (direct reclaim runs the same program inside a `U` context).
 * - `G`: the GPU's completion path: fence signalling (IRQ, retire worker).
 * - `M`: core mm: munmap, mprotect, fork, migration running MMU-notifier callbacks.
 * - `W`: the userptr get_pages worker (`__i915_gem_userptr_get_pages_worker`).
 * - `X`: a dma-buf exporter moving or evicting the buffer.
 * - `I`: a dma-buf importer's driver (another device's ioctls and its DMA).
 * @category World
 */
export const CONTEXTS = ['U0', 'U1', 'R', 'G', 'M', 'W', 'X', 'I'] as const;
/** A context's name, one of `CONTEXTS` (`U0`, `U1`, `R`, `G`, `M`, `W`, `X`, `I`). @category World */
export type ContextName = (typeof CONTEXTS)[number];
/** Context ids by name: `CTX.U0` is 0, ..., in `CONTEXTS` order. @category World */
export const CTX = {
  U0: 0,
  U1: 1,
  R: 2,
  G: 3,
  M: 4,
  W: 5,
  X: 6,
  I: 7,
} as const satisfies Record<ContextName, number>;

/**
 * The GPUs a world can be built around, as device 0 (`WorldConfig.gpu`); the engine's `GPUS` table
 * holds each one's DMA properties.
 * @category World
 */
export const GPU_NAMES = ['i915', 'gk20a'] as const;
/** One of `GPU_NAMES`: the GPU a policy's `config.gpu` names. @category World */
export type GpuName = (typeof GPU_NAMES)[number];

/**
 * What the DMA-API debug table does when it runs out of entries. `disable-when-full` is the 2015
 * behaviour commit e2273302 describes ("got disabled after a while due to its internal mapping
 * tables getting full"); `grow` is the current kernel's (dma_debug_create_entries on demand).
 * @category World
 */
export type DebugMode = 'disable-when-full' | 'grow';

/** The backing kinds of a GEM object, each a `Backing`. @category World */
export const BACKINGS = ['shmem', 'userptr', 'stolen', 'dmabuf-import'] as const;
/**
 * Backing storage of a GEM object. The three DMA-mapping lifetimes of commit e2273302 follow from
 * it: stolen/contiguous and dma-buf imports are mapped for the lifetime of their pages; shmem and
 * userptr sg mappings were tied to VMA binding until that commit moved them into get_pages.
 * @category World
 */
export type Backing = (typeof BACKINGS)[number];

/** `enum dma_data_direction` (include/linux/dma-direction.h). @category World */
export const DMA_DIRS = ['BIDIRECTIONAL', 'TO_DEVICE', 'FROM_DEVICE'] as const;
/** The name of a DMA direction, one of `DMA_DIRS`; primitives take the number, `DIR.*`. @category World */
export type DmaDir = (typeof DMA_DIRS)[number];
/** `enum dma_data_direction` values, as the DMA primitives take them. @category World */
export const DIR = { BIDIRECTIONAL: 0, TO_DEVICE: 1, FROM_DEVICE: 2 } as const;

/**
 * Object madvise state: i915 `I915_MADV_WILLNEED=0`, `I915_MADV_DONTNEED=1`, `__I915_MADV_PURGED=2`.
 * PURGED is terminal (KERNEL.md §3 MADV-TERMINAL; IGT gem_madvise).
 * @category World
 */
export const MADV = { WILLNEED: 0, DONTNEED: 1, PURGED: 2 } as const;
/** An object's `madv` state (`MADV.*`, i915 `I915_MADV_*`). @category World */
export type Madv = (typeof MADV)[keyof typeof MADV];

/**
 * Kernel error numbers the model returns (include/uapi/asm-generic/errno-base.h, errno.h).
 * Primitives and hooks return 0 or one of these, negated, as the kernel does.
 * @category World
 */
export const E = {
  NOENT: -2,
  AGAIN: -11,
  NOMEM: -12,
  FAULT: -14,
  BUSY: -16,
  INVAL: -22,
  NOSPC: -28,
  DEADLK: -35,
  ALREADY: -114,
} as const;

/** Address-space names: vm 0 is the GGTT, vm n >= 1 is the PPGTT of context n. @category World */
export function vmName(vm: number): string {
  return vm === 0 ? 'ggtt' : `ppgtt${vm}`;
}

/** Kinds of userptr work item (i915 `obj->userptr.work`). @category World */
export const WORK = {
  /** __i915_gem_userptr_get_pages_worker: gather and publish the pages. */
  GET_PAGES: 1,
  /** cancel_userptr (commit 380996aab50e): unbind and release the pages, after the notifier returned. */
  CANCEL: 2,
} as const;

/**
 * Operations: what a choice sequence asks the world to do. Each kind (but `resume`) starts the
 * policy program of the same name in the op's context. All ops share one shape, so the step loop
 * stays monomorphic; `OP_SPECS` says which fields each kind reads.
 * @category World
 */
export const OP_KINDS = [
  'create',
  'bind',
  'unbind',
  'execbuf',
  'signal',
  'shrink',
  'close',
  'madvise',
  'fault',
  'invalidate',
  'worker',
  'export',
  'attach',
  'map_attachment',
  'unmap_attachment',
  'detach',
  'import_job',
  'move',
  'cpu_access',
  'mmap_access',
  'driver_unbind',
  'resume',
] as const;
/** An operation kind, one of `OP_KINDS`: what the generator picks and `weights` weighs. @category World */
export type OpKind = (typeof OP_KINDS)[number];

/**
 * Programs every policy provides. Others (`mn_invalidate`, `worker`, `madvise`, `fault`) are optional.
 * @category World
 */
export const REQUIRED_PROGRAMS = ['create', 'bind', 'unbind', 'execbuf', 'signal', 'shrink', 'close'] as const;
/** One of `REQUIRED_PROGRAMS`: a program every policy must provide. @category World */
export type RequiredProgram = (typeof REQUIRED_PROGRAMS)[number];
