import { objAt } from './access.ts';
import { attachmentOf } from './dmabuf.ts';
import type { ContextId } from './ids.ts';
import { NONE } from './ids.ts';
import { type ContextName, CTX, MADV } from './kinds.ts';
import { SLOT_UNMAPPED } from './mm.ts';
import type { World } from './world.ts';

/**
 * Operations: what a choice sequence asks the world to do. Each kind (but `resume`) starts the
 * policy program of the same name in the op's context. All ops share one shape, so the step loop
 * stays monomorphic; `OP_SPECS` says which fields each kind reads.
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
  'resume',
] as const;
export type OpKind = (typeof OP_KINDS)[number];

/** Programs every policy provides. Others (`mn_invalidate`, `worker`, `madvise`, `fault`) are optional. */
export const REQUIRED_PROGRAMS = ['create', 'bind', 'unbind', 'execbuf', 'signal', 'shrink', 'close'] as const;
export type RequiredProgram = (typeof REQUIRED_PROGRAMS)[number];

export interface Op {
  readonly kind: OpKind;
  /** Context the op runs in (or, for `resume`, the context to continue). */
  readonly ctx: ContextId;
  /** Object: index in creation order. */
  readonly obj: number;
  /** Address space: 0 the GGTT, n the PPGTT n. */
  readonly vm: number;
  /** Kind-specific argument (see `OP_SPECS`). */
  readonly arg: number;
  /** Steps to run before the context is preempted; 0 runs the op to completion (or until it blocks). */
  readonly run: number;
}

export interface OpSpec {
  readonly kind: OpKind;
  /** Contexts the op may run in. */
  readonly contexts: readonly ContextName[];
  /** What the op does, for `list` and the reports. */
  readonly summary: string;
  /** What `arg` means, if the op reads it. */
  readonly arg?: string;
  /** The op looks its object up: it holds a reference on `obj` while it runs (the ioctl's lookup). */
  readonly lookup?: boolean;
  /** Program the op starts, when it is not the op's own name (a core-kernel program). */
  readonly program?: string;
  /** The policy program the op needs; a policy without it does not support the op (it is skipped). */
  readonly needs?: string;
  /**
   * Precondition: the kernel would accept the call (the object exists, the VMA is bound, ...).
   * Checked when the op is about to start; an op whose precondition fails is skipped, not failed,
   * so a shrunk sequence never stalls on an impossible step.
   */
  readonly ready: (w: World, op: Op) => boolean;
  /**
   * When `ready` fails: a valid op of the same kind whose target is picked from the current state,
   * using the op's own fields as the index (so it is deterministic and shrinks with them), or null.
   * This is how most generated ops stay meaningful after earlier ops were shrunk away; the trace
   * records the op that ran.
   */
  readonly retarget?: (w: World, op: Op) => Op | null;
}

/**
 * Picks the `seed`-th element, cyclically, of those for which `ok` holds, or null. It builds no
 * filtered list: retargeting runs for most generated ops, so it allocates only the op it returns.
 */
function pickWhere<T>(xs: readonly T[], seed: number, ok: (x: T) => boolean): T | null {
  let n = 0;
  for (const x of xs) if (ok(x)) n++;
  if (n === 0) return null;
  let i = seed % n;
  for (const x of xs) if (ok(x) && i-- === 0) return x;
  return null;
}

function usableObjects(w: World): number[] {
  const out: number[] = [];
  for (let i = 0; i < w.objects.length; i++) if (usable(w, i)) out.push(i);
  return out;
}

function usable(w: World, obj: number): boolean {
  if (obj < 0 || obj >= w.objects.length) return false;
  const o = objAt(w, obj);
  return o.live && o.handles > 0;
}

/** A userptr object whose range still has something mapped. */
function invalidatable(w: World, obj: number): boolean {
  if (obj < 0 || obj >= w.objects.length) return false;
  const o = objAt(w, obj);
  if (o.ustart < 0) return false;
  for (let s = o.ustart; s < o.ustart + o.npages; s++) if (w.mm.slots[s] !== SLOT_UNMAPPED) return true;
  return false;
}

function vmaOf(w: World, obj: number, vm: number) {
  if (!usable(w, obj) || vm < 0 || vm >= w.config.vms) return undefined;
  const id = objAt(w, obj).vmas[vm];
  return id === undefined || id === NONE ? undefined : w.vmas[id];
}

export const OP_SPECS: { readonly [K in OpKind]: OpSpec } = {
  create: {
    kind: 'create',
    contexts: ['U0', 'U1'],
    summary: 'create a GEM object',
    arg: 'backing kind (index into BACKINGS)',
    ready: (w) => w.objects.length < w.config.maxObjects,
  },
  bind: {
    kind: 'bind',
    lookup: true,
    contexts: ['U0', 'U1'],
    summary: 'bind an object into an address space (i915_vma_bind)',
    ready: (w, op) => bindable(w, op.obj, op.vm),
    retarget: (w, op) => {
      const n = w.config.vms;
      const objs = usableObjects(w);
      // The usable objects rotated to start at the `op.obj`-th, each in every address space from `op.vm`.
      for (let j = 0; j < objs.length; j++) {
        const obj = objs[(op.obj + j) % objs.length] as number;
        for (let d = 0; d < n; d++) {
          const vm = (op.vm + d) % n;
          if (bindable(w, obj, vm)) return { ...op, obj, vm };
        }
      }
      return null;
    },
  },
  unbind: {
    kind: 'unbind',
    lookup: true,
    contexts: ['U0', 'U1'],
    summary: 'unbind an object from an address space (i915_vma_unbind)',
    ready: (w, op) => {
      const v = vmaOf(w, op.obj, op.vm);
      return v?.bound === true && v.pin === 0;
    },
    retarget: (w, op) => {
      const v = pickWhere(w.vmas, op.obj * w.config.vms + op.vm, (x) => x.bound && x.pin === 0 && usable(w, x.obj));
      return v === null ? null : { ...op, obj: v.obj, vm: v.vm };
    },
  },
  execbuf: {
    kind: 'execbuf',
    lookup: true,
    contexts: ['U0', 'U1'],
    summary: 'submit a GPU job using the object through an address space',
    arg: '1 when the job writes the object',
    ready: (w, op) => usable(w, op.obj) && op.vm >= 0 && op.vm < w.config.vms && objAt(w, op.obj).madv !== MADV.PURGED,
    retarget: (w, op) => {
      const o = pickWhere(w.objects, op.obj, (x) => usable(w, x.id) && x.madv !== MADV.PURGED);
      return o === null ? null : { ...op, obj: o.id };
    },
  },
  signal: {
    kind: 'signal',
    contexts: ['G'],
    summary: "signal the oldest unsignaled fence of a user context's timeline",
    arg: 'timeline (the user context whose job completes)',
    ready: (w, op) => {
      for (const f of w.fences) if (f.context === op.arg && !f.signaled) return true;
      return false;
    },
    retarget: (w, op) => {
      for (const f of w.fences) if (!f.signaled) return { ...op, arg: f.context };
      return null;
    },
  },
  shrink: {
    kind: 'shrink',
    contexts: ['R'],
    program: 'kswapd',
    summary: 'kswapd runs the shrinker (reclaim)',
    ready: () => true,
  },
  close: {
    kind: 'close',
    lookup: true,
    contexts: ['U0', 'U1'],
    summary: 'close the last handle; the object is freed',
    ready: (w, op) => usable(w, op.obj),
    retarget: (w, op) => {
      const o = pickWhere(w.objects, op.obj, (x) => usable(w, x.id));
      return o === null ? null : { ...op, obj: o.id };
    },
  },
  madvise: {
    kind: 'madvise',
    lookup: true,
    needs: 'madvise',
    contexts: ['U0', 'U1'],
    summary: 'madvise an object (i915_gem_madvise_ioctl)',
    arg: '0 WILLNEED, 1 DONTNEED',
    ready: (w, op) => usable(w, op.obj) && objAt(w, op.obj).madv !== MADV.PURGED,
    retarget: (w, op) => retargetObj(w, op, (o) => usable(w, o) && objAt(w, o).madv !== MADV.PURGED),
  },
  fault: {
    kind: 'fault',
    lookup: true,
    needs: 'fault',
    program: 'page_fault',
    contexts: ['U0', 'U1'],
    summary: 'CPU page fault on a GTT mmap of the object (i915_gem_fault)',
    ready: (w, op) => usable(w, op.obj) && objAt(w, op.obj).madv !== MADV.PURGED,
    retarget: (w, op) => retargetObj(w, op, (o) => usable(w, o) && objAt(w, o).madv !== MADV.PURGED),
  },
  invalidate: {
    kind: 'invalidate',
    program: 'mmu_invalidate',
    contexts: ['M'],
    summary: "the core mm invalidates a userptr object's range (MMU notifier)",
    arg: 'mmu_notifier_event: 0 CLEAR (zap: madvise, reclaim, migration), 1 UNMAP (munmap)',
    ready: (w, op) => invalidatable(w, op.obj),
    retarget: (w, op) => retargetObj(w, op, (o) => invalidatable(w, o)),
  },
  worker: {
    kind: 'worker',
    needs: 'worker',
    contexts: ['W'],
    summary: "the userptr worker runs an object's queued work (get pages, or cancel)",
    ready: (w, op) => op.obj >= 0 && op.obj < w.objects.length && objAt(w, op.obj).work !== NONE,
    retarget: (w, op) => retargetObj(w, op, (o) => objAt(w, o).work !== NONE),
  },
  export: {
    kind: 'export',
    lookup: true,
    needs: 'export',
    contexts: ['U0', 'U1'],
    summary: 'export the object as a dma-buf (drm_gem_prime_export)',
    ready: (w, op) => exportable(w, op.obj),
    retarget: (w, op) => retargetObj(w, op, (o) => exportable(w, o)),
  },
  attach: {
    kind: 'attach',
    needs: 'attach',
    contexts: ['I'],
    summary: 'an importing device attaches to the dma-buf (dma_buf_attach)',
    arg: '1 for a dynamic importer (implements move_notify), where the driver of the device can be one',
    ready: (w, op) => exported(w, op.obj) && IMPORTERS.includes(op.vm) && attachmentOf(w, op.obj, op.vm) === NONE,
    retarget: (w, op) => {
      const o = pickWhere(
        w.objects,
        op.obj,
        (x) => exported(w, x.id) && IMPORTERS.some((d) => attachmentOf(w, x.id, d) === NONE),
      );
      if (o === null) return null;
      const dev = pickWhere(IMPORTERS, op.vm, (d) => attachmentOf(w, o.id, d) === NONE);
      return dev === null ? null : { ...op, obj: o.id, vm: dev };
    },
  },
  map_attachment: {
    kind: 'map_attachment',
    needs: 'map_attachment',
    contexts: ['I'],
    summary: 'the importer maps its attachment (dma_buf_map_attachment) and writes its page tables',
    ready: (w, op) => {
      const a = attachmentOf(w, op.obj, op.vm);
      return a !== NONE && !attachmentReady(w, a);
    },
    retarget: (w, op) => retargetAtt(w, op, (a) => !attachmentReady(w, a)),
  },
  unmap_attachment: {
    kind: 'unmap_attachment',
    needs: 'unmap_attachment',
    contexts: ['I'],
    summary: 'the importer unmaps its attachment (dma_buf_unmap_attachment)',
    ready: (w, op) => {
      const a = attachmentOf(w, op.obj, op.vm);
      return a !== NONE && attachmentMappedNow(w, a);
    },
    retarget: (w, op) => retargetAtt(w, op, (a) => attachmentMappedNow(w, a)),
  },
  detach: {
    kind: 'detach',
    needs: 'detach',
    contexts: ['I'],
    summary: 'the importer detaches (dma_buf_detach)',
    ready: (w, op) => attachmentOf(w, op.obj, op.vm) !== NONE,
    retarget: (w, op) => retargetAtt(w, op, () => true),
  },
  import_job: {
    kind: 'import_job',
    needs: 'import_job',
    contexts: ['I'],
    summary: 'the importing device runs a job on the buffer through its attachment',
    arg: '0 reads the buffer, 1 writes it, 2 writes a sub-region (its first page)',
    ready: (w, op) => {
      const a = attachmentOf(w, op.obj, op.vm);
      return a !== NONE && (w.attachments[a]?.sg ?? NONE) !== NONE;
    },
    retarget: (w, op) => retargetAtt(w, op, (a) => (w.attachments[a]?.sg ?? NONE) !== NONE),
  },
  move: {
    kind: 'move',
    needs: 'move',
    contexts: ['X'],
    summary: 'the exporter moves (evicts) the buffer: move_notify, wait, release the old backing',
    ready: (w, op) => exported(w, op.obj) && objAt(w, op.obj).sg !== NONE,
    retarget: (w, op) => retargetObj(w, op, (o) => exported(w, o) && objAt(w, o).sg !== NONE),
  },
  cpu_access: {
    kind: 'cpu_access',
    lookup: true,
    needs: 'cpu_access',
    contexts: ['U0', 'U1'],
    summary: 'the CPU reads the buffer between DMA_BUF_IOCTL_SYNC start and end (begin/end_cpu_access)',
    ready: (w, op) => exported(w, op.obj) && usable(w, op.obj),
    retarget: (w, op) => retargetObj(w, op, (o) => exported(w, o) && usable(w, o)),
  },
  resume: {
    kind: 'resume',
    contexts: ['U0', 'U1', 'R', 'G', 'M', 'W', 'X', 'I'],
    summary: 'continue a preempted context',
    ready: (w, op) => (w.contexts[op.ctx]?.stack.length ?? 0) > 0,
    retarget: (w, op) => {
      const c = pickWhere(w.contexts, op.ctx, (x) => x.stack.length > 0);
      return c === null ? null : { ...op, ctx: c.id };
    },
  },
};

/** The bind precondition: the object is usable and not purged, and its VMA in `vm` is not bound. */
function bindable(w: World, obj: number, vm: number): boolean {
  if (!usable(w, obj) || vm < 0 || vm >= w.config.vms) return false;
  if (objAt(w, obj).madv === MADV.PURGED) return false;
  const v = vmaOf(w, obj, vm);
  return v === undefined || !v.bound;
}

/** The first idle context among `names`, or NONE. */
function idleContext(w: World, names: readonly ContextName[]): number {
  for (const n of names) if ((w.contexts[CTX[n]]?.stack.length ?? 1) === 0) return CTX[n];
  return NONE;
}

/**
 * The op to run for a choice, or null to skip it: the op itself when its context is idle and its
 * precondition holds; else the same op on another idle context of its kind, or retargeted.
 */
export function resolveOp(w: World, op: Op): Op | null {
  const spec = OP_SPECS[op.kind];
  let cand = op;
  if (op.kind !== 'resume' && (w.contexts[op.ctx]?.stack.length ?? 0) > 0) {
    const idle = idleContext(w, spec.contexts);
    if (idle === NONE) return null;
    cand = { ...op, ctx: idle as ContextId };
  }
  if (spec.ready(w, cand)) return cand;
  const alt = spec.retarget?.(w, cand) ?? null;
  return alt !== null && spec.ready(w, alt) ? alt : null;
}

/** Devices that import dma-bufs (every device but the GPU that owns the objects). */
export const IMPORTERS: readonly number[] = [1, 2];

function exportable(w: World, obj: number): boolean {
  return usable(w, obj) && objAt(w, obj).dmabuf === NONE && objAt(w, obj).madv !== MADV.PURGED;
}

function exported(w: World, obj: number): boolean {
  return obj >= 0 && obj < w.objects.length && objAt(w, obj).live && objAt(w, obj).dmabuf !== NONE;
}

/** The op on the `op.obj`-th object (cyclically) for which `ok` holds, or null. */
function retargetObj(w: World, op: Op, ok: (obj: number) => boolean): Op | null {
  const o = pickWhere(w.objects, op.obj, (x) => ok(x.id));
  return o === null ? null : { ...op, obj: o.id };
}

/** The attachment's table holds a live mapping. */
function attachmentMappedNow(w: World, a: number): boolean {
  const att = w.attachments[a];
  if (att === undefined || att.sg === NONE) return false;
  const dma = w.sgs[att.sg]?.dma ?? NONE;
  return dma !== NONE && (w.mappings[dma]?.live ?? false);
}

/** Mapped and valid (no move_notify since): nothing for map_attachment to do. */
function attachmentReady(w: World, a: number): boolean {
  return attachmentMappedNow(w, a) && (w.attachments[a]?.valid ?? false);
}

function retargetAtt(w: World, op: Op, ok: (att: number) => boolean): Op | null {
  const a = pickWhere(
    w.attachments,
    op.obj * IMPORTERS.length + op.vm,
    (x) => !x.detached && exported(w, w.dmabufs[x.buf]?.obj ?? NONE) && ok(x.id),
  );
  if (a === null) return null;
  return { ...op, obj: w.dmabufs[a.buf]?.obj ?? NONE, vm: a.dev };
}
