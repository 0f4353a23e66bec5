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
  return (rootCopy ?? compileRoot(w))(w, deep, ROOT.kids);
}

/** The world's own copier, compiled from the first world copied (every world has the same fields). */
let rootCopy: Copier<World> | null = null;
const ROOT: Site = newSite();

function compileRoot(w: World): Copier<World> {
  const fields = Object.keys(w).map((k, i) => {
    const p = JSON.stringify(k);
    if (k === 'config' || k === 'devices') return `${p}: o[${p}]`;
    if (k === 'lockdep') return `${p}: { dep: o.lockdep.dep.slice(), deps: o.lockdep.deps.slice() }`;
    if (typeof (w as unknown as Record<string, unknown>)[k] !== 'object') return `${p}: o[${p}]`;
    ROOT.kids[i] = newSite();
    return `${p}: d(o[${p}], k[${i}])`;
  });
  // The field list comes from the world's own keys, never from input: a shape, not code.
  const c = new Function('o', 'd', 'k', `return {${fields.join(',')}};`) as Copier<World>;
  rootCopy = c;
  return c;
}

/**
 * A place in the world's structure (`pages[*]`, `objects[*].vmas`, ...): every value there has the
 * same shape, so its copier is compiled once, from the first value seen, and its fields' places
 * are its `kids` (an array's elements are its `kids[0]`).
 */
interface Site {
  copy: Copier | null;
  readonly kids: Site[];
}
type Copier<T = unknown> = (o: T, d: typeof deep, k: Site[]) => T;

function newSite(): Site {
  return { copy: null, kids: [] };
}

/** The copier of the objects at `site`, compiled from `o`: primitives copied, other fields deep-copied. */
function compile(site: Site, o: Record<string, unknown>): Copier {
  const fields = Object.keys(o).map((k, i) => {
    const p = JSON.stringify(k);
    if (typeof o[k] !== 'object') return `${p}: o[${p}]`;
    site.kids[i] = newSite();
    return `${p}: d(o[${p}], k[${i}])`;
  });
  // The field list comes from the world's own keys, never from input: a shape, not code.
  const c = new Function('o', 'd', 'k', `return {${fields.join(',')}};`) as Copier;
  site.copy = c;
  return c;
}

function deep(x: unknown, site: Site): unknown {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    const n = x.length;
    // Arrays are homogeneous: one of numbers (ptes, slots, owners, ...) is copied at once.
    if (n === 0 || typeof x[0] !== 'object' || x[0] === null) return x.slice();
    let el = site.kids[0];
    if (el === undefined) {
      el = newSite();
      site.kids[0] = el;
    }
    const copy = el.copy ?? compile(el, x[0] as Record<string, unknown>);
    const kids = el.kids;
    const a = new Array<unknown>(n);
    for (let i = 0; i < n; i++) a[i] = copy(x[i], deep, kids);
    return a;
  }
  return (site.copy ?? compile(site, x as Record<string, unknown>))(x, deep, site.kids);
}
