import { NONE, type Op, objAt, type World } from '../core/index.ts';
import { SLOT_UNMAPPED } from '../mm/index.ts';

export type { Op, OpSpec } from '../core/index.ts';

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
