import { objAt } from './access.ts';
import type { ContextId } from './ids.ts';
import { NONE } from './ids.ts';
import { type ContextName, CTX, MADV } from './kinds.ts';
import type { World } from './world.ts';

/**
 * Operations: what a choice sequence asks the world to do. Each kind (but `resume`) starts the
 * policy program of the same name in the op's context. All ops share one shape, so the step loop
 * stays monomorphic; `OP_SPECS` says which fields each kind reads.
 */
export const OP_KINDS = ['create', 'bind', 'unbind', 'execbuf', 'signal', 'shrink', 'close', 'resume'] as const;
export type OpKind = (typeof OP_KINDS)[number];
/** The op kinds that start a program: every policy provides one program for each. */
export type ProgramOp = Exclude<OpKind, 'resume'>;
export const PROGRAM_OPS = OP_KINDS.filter((k): k is ProgramOp => k !== 'resume');

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
    summary: 'run the shrinker (reclaim)',
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
  resume: {
    kind: 'resume',
    contexts: ['U0', 'U1', 'R', 'G'],
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
