import { objAt } from './access.ts';
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

/** Picks the `seed`-th element, cyclically, or null. */
function pick<T>(xs: readonly T[], seed: number): T | null {
  return xs.length === 0 ? null : (xs[seed % xs.length] as T);
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
    ready: (w, op) => {
      if (!usable(w, op.obj) || op.vm < 0 || op.vm >= w.config.vms) return false;
      if (objAt(w, op.obj).madv === MADV.PURGED) return false;
      const v = vmaOf(w, op.obj, op.vm);
      return v === undefined || !v.bound;
    },
    retarget: (w, op) => {
      const n = w.config.vms;
      for (const obj of rotate(usableObjects(w), op.obj)) {
        for (let d = 0; d < n; d++) {
          const cand = { ...op, obj, vm: (op.vm + d) % n };
          if (OP_SPECS.bind.ready(w, cand)) return cand;
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
      const bound = w.vmas.filter((v) => v.bound && v.pin === 0 && usable(w, v.obj));
      const v = pick(bound, op.obj * w.config.vms + op.vm);
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
      const objs = usableObjects(w).filter((o) => objAt(w, o).madv !== MADV.PURGED);
      const obj = pick(objs, op.obj);
      return obj === null ? null : { ...op, obj };
    },
  },
  signal: {
    kind: 'signal',
    contexts: ['G'],
    summary: "signal the oldest unsignaled fence of a user context's timeline",
    arg: 'timeline (the user context whose job completes)',
    ready: (w, op) => w.fences.some((f) => f.context === op.arg && !f.signaled),
    retarget: (w, op) => {
      const f = w.fences.find((x) => !x.signaled);
      return f === undefined ? null : { ...op, arg: f.context };
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
      const obj = pick(usableObjects(w), op.obj);
      return obj === null ? null : { ...op, obj };
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
    retarget: (w, op) => {
      const obj = pick(
        usableObjects(w).filter((o) => objAt(w, o).madv !== MADV.PURGED),
        op.obj,
      );
      return obj === null ? null : { ...op, obj };
    },
  },
  fault: {
    kind: 'fault',
    lookup: true,
    needs: 'fault',
    program: 'page_fault',
    contexts: ['U0', 'U1'],
    summary: 'CPU page fault on a GTT mmap of the object (i915_gem_fault)',
    ready: (w, op) => usable(w, op.obj) && objAt(w, op.obj).madv !== MADV.PURGED,
    retarget: (w, op) => {
      const obj = pick(
        usableObjects(w).filter((o) => objAt(w, o).madv !== MADV.PURGED),
        op.obj,
      );
      return obj === null ? null : { ...op, obj };
    },
  },
  invalidate: {
    kind: 'invalidate',
    program: 'mmu_invalidate',
    contexts: ['M'],
    summary: "the core mm invalidates a userptr object's range (MMU notifier)",
    arg: 'mmu_notifier_event: 0 CLEAR (zap: madvise, reclaim, migration), 1 UNMAP (munmap)',
    ready: (w, op) => invalidatable(w, op.obj),
    retarget: (w, op) => {
      const objs: number[] = [];
      for (let i = 0; i < w.objects.length; i++) if (invalidatable(w, i)) objs.push(i);
      const obj = pick(objs, op.obj);
      return obj === null ? null : { ...op, obj };
    },
  },
  worker: {
    kind: 'worker',
    needs: 'worker',
    contexts: ['W'],
    summary: "the userptr worker runs an object's queued work (get pages, or cancel)",
    ready: (w, op) => op.obj >= 0 && op.obj < w.objects.length && objAt(w, op.obj).work !== NONE,
    retarget: (w, op) => {
      const objs: number[] = [];
      for (let i = 0; i < w.objects.length; i++) if (objAt(w, i).work !== NONE) objs.push(i);
      const obj = pick(objs, op.obj);
      return obj === null ? null : { ...op, obj };
    },
  },
  resume: {
    kind: 'resume',
    contexts: ['U0', 'U1', 'R', 'G', 'M', 'W'],
    summary: 'continue a preempted context',
    ready: (w, op) => (w.contexts[op.ctx]?.stack.length ?? 0) > 0,
    retarget: (w, op) => {
      const busy = w.contexts.filter((c) => c.stack.length > 0);
      const c = pick(busy, op.ctx);
      return c === null ? null : { ...op, ctx: c.id };
    },
  },
};

/** `xs` starting at index `seed % length`. */
function rotate<T>(xs: readonly T[], seed: number): T[] {
  if (xs.length === 0) return [];
  const s = seed % xs.length;
  return [...xs.slice(s), ...xs.slice(0, s)];
}

/**
 * The op to run for a choice, or null to skip it: the op itself when its context is idle and its
 * precondition holds; else the same op on another idle context of its kind, or retargeted.
 */
export function resolveOp(w: World, op: Op): Op | null {
  const spec = OP_SPECS[op.kind];
  let cand = op;
  if (op.kind !== 'resume' && (w.contexts[op.ctx]?.stack.length ?? 0) > 0) {
    const idle = spec.contexts.map((n) => CTX[n]).find((c) => (w.contexts[c]?.stack.length ?? 1) === 0);
    if (idle === undefined) return null;
    cand = { ...op, ctx: idle as ContextId };
  }
  if (spec.ready(w, cand)) return cand;
  const alt = spec.retarget?.(w, cand) ?? null;
  return alt !== null && spec.ready(w, alt) ? alt : null;
}
