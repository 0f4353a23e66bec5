import type { World } from '../model/index.ts';

/**
 * A deep copy of a world, for the search's successor states: plain data copied field by field (the
 * world holds only arrays, plain objects and primitives), several times faster than
 * `structuredClone`. What no step changes is shared: the config, the devices, and lockdep's
 * dependency records (appended, never changed).
 *
 * Entities have a fixed shape (every object of an array has the same fields: the model keeps its
 * step loop monomorphic), so an array of objects is copied by a copier compiled once per shape,
 * which V8 runs monomorphically.
 */
export function cloneWorld(w: World): World {
  const out: Record<string, unknown> = {};
  for (const k in w) {
    const v = (w as unknown as Record<string, unknown>)[k];
    if (k === 'config' || k === 'devices') out[k] = v;
    else if (k === 'lockdep') out[k] = { dep: w.lockdep.dep.slice(), deps: w.lockdep.deps.slice() };
    else out[k] = deep(v);
  }
  return out as unknown as World;
}

type Copier = (o: unknown, deep: (x: unknown) => unknown) => unknown;
const copiers = new Map<string, Copier>();

/** The copier of objects shaped like `o`: primitives copied, other fields deep-copied. */
function copierFor(o: Record<string, unknown>): Copier {
  const keys = Object.keys(o);
  const id = keys.join(',');
  let c = copiers.get(id);
  if (c === undefined) {
    const fields = keys.map((k) => {
      const p = JSON.stringify(k);
      const v = o[k];
      return typeof v === 'object' ? `${p}: d(o[${p}])` : `${p}: o[${p}]`;
    });
    // The field list comes from the world's own keys, never from input: a shape, not code.
    c = new Function('o', 'd', `return {${fields.join(',')}};`) as Copier;
    copiers.set(id, c);
  }
  return c;
}

function deep(x: unknown): unknown {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    const n = x.length;
    // Arrays are homogeneous: one of numbers (ptes, slots, owners, ...) is copied at once.
    if (n === 0 || typeof x[0] !== 'object' || x[0] === null) return x.slice();
    const copy = copierFor(x[0] as Record<string, unknown>);
    const a = new Array<unknown>(n);
    for (let i = 0; i < n; i++) a[i] = copy(x[i], deep);
    return a;
  }
  return copierFor(x as Record<string, unknown>)(x, deep);
}
