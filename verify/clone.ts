import type { World } from '../model/index.ts';

/**
 * A deep copy of a world, for the search's successor states: plain data copied field by field (the
 * world holds only arrays, plain objects and primitives), several times faster than
 * `structuredClone`. What no step changes is shared: the config, the devices, and lockdep's
 * dependency records (appended, never changed).
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

function deep(x: unknown): unknown {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    const n = x.length;
    // Arrays are homogeneous: one of numbers (ptes, slots, owners, ...) is copied at once.
    if (n === 0 || typeof x[0] !== 'object') return x.slice();
    const a = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v = x[i];
      a[i] = typeof v === 'object' && v !== null ? deep(v) : v;
    }
    return a;
  }
  const o: Record<string, unknown> = {};
  for (const k in x as Record<string, unknown>) {
    const v = (x as Record<string, unknown>)[k];
    o[k] = typeof v === 'object' && v !== null ? deep(v) : v;
  }
  return o;
}
