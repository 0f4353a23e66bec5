import { BACKINGS, type Backing, type ContextId, type ContextName, CTX, type Op } from '../model/index.ts';

/**
 * Hand-written op sequences: scenarios, regression cases, and the tests' minimal sequences.
 * `vm` is 0 for the GGTT, n for PPGTT n; `run` > 0 preempts the op after that many steps.
 */
export interface At {
  readonly ctx?: ContextName;
  readonly run?: number;
}

function op(kind: Op['kind'], obj: number, vm: number, arg: number, at: At, dflt: ContextName): Op {
  return { kind, ctx: CTX[at.ctx ?? dflt] as ContextId, obj, vm, arg, run: at.run ?? 0 };
}

export const S = {
  create: (backing: Backing = 'shmem', at: At = {}) => op('create', 0, 0, BACKINGS.indexOf(backing), at, 'U0'),
  bind: (obj: number, vm: number, at: At = {}) => op('bind', obj, vm, 0, at, 'U0'),
  unbind: (obj: number, vm: number, at: At = {}) => op('unbind', obj, vm, 0, at, 'U0'),
  execbuf: (obj: number, vm: number, write = false, at: At = {}) => op('execbuf', obj, vm, write ? 1 : 0, at, 'U0'),
  /** The GPU completes the oldest job submitted from `timeline` (a user context). */
  signal: (timeline: ContextName = 'U0') => op('signal', 0, 0, CTX[timeline], {}, 'G'),
  shrink: (at: At = {}) => op('shrink', 0, 0, 0, at, 'R'),
  close: (obj: number, at: At = {}) => op('close', obj, 0, 0, at, 'U0'),
  madvise: (obj: number, dontneed: boolean, at: At = {}) => op('madvise', obj, 0, dontneed ? 1 : 0, at, 'U0'),
  fault: (obj: number, at: At = {}) => op('fault', obj, 0, 0, at, 'U0'),
  /** The core mm invalidates obj's user range: a zap (MMU_NOTIFY_CLEAR) or a munmap. */
  invalidate: (obj: number, munmap = false, at: Omit<At, 'ctx'> = {}) =>
    op('invalidate', obj, 0, munmap ? 1 : 0, at, 'M'),
  worker: (obj: number, at: Omit<At, 'ctx'> = {}) => op('worker', obj, 0, 0, at, 'W'),
  export: (obj: number, at: At = {}) => op('export', obj, 0, 0, at, 'U0'),
  /** Device `dev` (1: the second GPU, 2: the camera ISP) attaches; `dynamic` if it implements move_notify. */
  attach: (obj: number, dev: number, dynamic = false, at: Omit<At, 'ctx'> = {}) =>
    op('attach', obj, dev, dynamic ? 1 : 0, at, 'I'),
  mapAttachment: (obj: number, dev: number, at: Omit<At, 'ctx'> = {}) => op('map_attachment', obj, dev, 0, at, 'I'),
  unmapAttachment: (obj: number, dev: number, at: Omit<At, 'ctx'> = {}) => op('unmap_attachment', obj, dev, 0, at, 'I'),
  detach: (obj: number, dev: number, at: Omit<At, 'ctx'> = {}) => op('detach', obj, dev, 0, at, 'I'),
  /** The importer's device reads the buffer, writes it (`true`), or writes a sub-region, its first page. */
  importJob: (obj: number, dev: number, write: boolean | 'sub-region' = false, at: Omit<At, 'ctx'> = {}) =>
    op('import_job', obj, dev, write === 'sub-region' ? 2 : write ? 1 : 0, at, 'I'),
  move: (obj: number, at: Omit<At, 'ctx'> = {}) => op('move', obj, 0, 0, at, 'X'),
  cpuAccess: (obj: number, at: At = {}) => op('cpu_access', obj, 0, 0, at, 'U0'),
  /** Userspace reads (`'read'`) or writes the object's mmap between CPU_PREP and CPU_FINI, or polls it without them. */
  mmapAccess: (obj: number, how: 'read' | 'write' | 'poll' = 'read', at: At = {}) =>
    op('mmap_access', obj, 0, ['read', 'write', 'poll'].indexOf(how), at, 'U0'),
  driverUnbind: (at: At = {}) => op('driver_unbind', 0, 0, 0, at, 'U0'),
  resume: (ctx: ContextName, run = 0) => op('resume', 0, 0, 0, { ctx, run }, ctx),
} as const;
