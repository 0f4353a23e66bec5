import { type ContextId, type ContextName, NONE, type OpKind, objAt, type World } from '../core/index.ts';
import { SLOT_UNMAPPED } from '../mm/index.ts';

/**
 * One generated operation: which kind, in which context, on which object and address space, with
 * which argument, and how many steps it runs before the context is preempted. Traces store these.
 * @category Engine
 */
export interface Op {
  /** What the op does: it starts the program of this name. */
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

/**
 * What the engine knows of an op kind (`OP_SPECS`): the contexts it runs in, its description, the
 * program it starts and its precondition.
 * @category Engine
 */
export interface OpSpec {
  /** The op kind this spec describes. */
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
 * @category Engine
 */
export function pickWhere<T>(xs: readonly T[], seed: number, ok: (x: T) => boolean): T | null {
  let n = 0;
  for (const x of xs) if (ok(x)) n++;
  if (n === 0) return null;
  let i = seed % n;
  for (const x of xs) if (ok(x) && i-- === 0) return x;
  return null;
}

/** Indices of the objects an op may target now (`usable`). @category Engine */
export function usableObjects(w: World): number[] {
  const out: number[] = [];
  for (let i = 0; i < w.objects.length; i++) if (usable(w, i)) out.push(i);
  return out;
}

/** True when object `obj` exists, is live and still has a handle: an op may target it. @category Engine */
export function usable(w: World, obj: number): boolean {
  if (obj < 0 || obj >= w.objects.length) return false;
  const o = objAt(w, obj);
  return o.live && o.handles > 0;
}

/** A userptr object whose range still has something mapped. @category Engine */
export function invalidatable(w: World, obj: number): boolean {
  if (obj < 0 || obj >= w.objects.length) return false;
  const o = objAt(w, obj);
  if (o.ustart < 0) return false;
  for (let s = o.ustart; s < o.ustart + o.npages; s++) if (w.mm.slots[s] !== SLOT_UNMAPPED) return true;
  return false;
}

/**
 * The VMA of object `obj` in address space `vm`, or undefined when there is none (or the object is
 * not usable).
 * @category Engine
 */
export function vmaOf(w: World, obj: number, vm: number) {
  if (!usable(w, obj) || vm < 0 || vm >= w.config.vms) return undefined;
  const id = objAt(w, obj).vmas[vm];
  return id === undefined || id === NONE ? undefined : w.vmas[id];
}

/** The op on the `op.obj`-th object (cyclically) for which `ok` holds, or null. @category Engine */
export function retargetObj(w: World, op: Op, ok: (obj: number) => boolean): Op | null {
  const o = pickWhere(w.objects, op.obj, (x) => ok(x.id));
  return o === null ? null : { ...op, obj: o.id };
}
