import { type ContextId, type ContextName, CTX, MADV, NONE, type OpKind, objAt, type World } from '../core/index.ts';
import {
  invalidatable,
  type Op,
  type OpSpec,
  pickWhere,
  retargetObj,
  usable,
  usableObjects,
  vmaOf,
} from './op-kinds.ts';
import { DMABUF_OP_SPECS } from './op-specs-dmabuf.ts';

export * from './op-kinds.ts';
export { IMPORTERS } from './op-specs-dmabuf.ts';

/** A spec table: the built-in kinds' (`OP_SPECS`), extended by a policy's own ops (`opSpecsOf`). @category Engine */
export type OpSpecs = Readonly<Record<string, OpSpec>>;

/** Every op kind's `OpSpec`: contexts, description, program and precondition. @category Engine */
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
  ...DMABUF_OP_SPECS,
  mmap_access: {
    kind: 'mmap_access',
    lookup: true,
    needs: 'mmap_access',
    contexts: ['U0', 'U1'],
    summary: "userspace reads or writes the object's pages through its CPU mmap",
    arg: "0 reads between the driver's CPU_PREP and CPU_FINI ioctls, 1 writes between them, 2 reads without them (polls a value the GPU writes)",
    ready: (w, op) => mapped(w, op.obj),
    retarget: (w, op) => retargetObj(w, op, (o) => mapped(w, o)),
  },
  driver_unbind: {
    kind: 'driver_unbind',
    program: 'driver_release',
    needs: 'driver_unbind',
    contexts: ['U0', 'U1'],
    summary:
      "the GPU's driver is unbound from its device (sysfs unbind: the driver's remove, then BUS_NOTIFY_UNBOUND_DRIVER)",
    ready: () => true,
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

/** The object has its pages (a CPU mmap of it reaches them; faulting them in is `fault`'s job). */
function mapped(w: World, obj: number): boolean {
  return usable(w, obj) && objAt(w, obj).sg !== NONE;
}

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
 * @category Engine
 */
export function resolveOp(w: World, op: Op, specs: OpSpecs = OP_SPECS): Op | null {
  const spec = specs[op.kind];
  // A kind neither built-in nor the policy's: trace loading refuses it first (`checkOpKinds`).
  if (spec === undefined) throw new Error(`unknown op kind ${JSON.stringify(op.kind)}`);
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
