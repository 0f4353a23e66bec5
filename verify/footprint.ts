import type { World } from '../model/index.ts';

/**
 * What a transition of the search read and wrote, recorded while the engine runs it, for the
 * sleep sets (verify/search.ts): two transitions whose footprints do not conflict commute (either
 * order reaches the same world, each doing and seeing exactly what it would alone).
 *
 * The engine runs on a recording view of the world (`Recorder.view`): JavaScript proxies over the
 * world, its collections and its singletons (`mm`, `debug`, `lockdep` and their arrays). Every
 * access to an element of a collection is a read of that element (an entity: a page, an object, a
 * mapping, an IOMMU domain with its IOVA allocator, a context, a mutex, a lockdep edge, ...);
 * `length` is an element of its own (what an allocation appends to). Assignments through a view are
 * writes; an entity (returned as it is, not wrapped) counts as written when it differs after the
 * transition from the world the transition started from (compared field by field, deeply). So a
 * footprint is exact at the grain of entities, with the invariant checks' reads included (the
 * checker reads the world through the same view). Left out: the immutable `config` and `devices`,
 * and `world.step`, the step counter (history: the fingerprint leaves it out too; what a step does
 * never depends on its value, only on its order, which the tokens it stamps keep).
 */
export interface Footprint {
  /** Entities read or written (sorted keys). */
  readonly r: Int32Array;
  /** Entities written (sorted keys, a subset of `r`). */
  readonly w: Int32Array;
}

/** True when neither footprint writes what the other reads or writes: the transitions commute. */
export function independent(a: Footprint, b: Footprint): boolean {
  return !meets(a.w, b.r) && !meets(b.w, a.r);
}

/** Whether two sorted arrays share an element. */
function meets(x: Int32Array, y: Int32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = x[i] as number;
    const b = y[j] as number;
    if (a === b) return true;
    if (a < b) i++;
    else j++;
  }
  return false;
}

/** Index bits of a key; the container's id is above them. */
const INDEX_BITS = 20;
const LENGTH = (1 << INDEX_BITS) - 1;
/** Not recorded: immutable, or history. */
const SKIP = new Set(['config', 'devices', 'step']);

/** A place in the world that holds entities or numbers: its path from the world's root. */
interface Container {
  readonly id: number;
  readonly path: readonly string[];
  /** An array (elements by index) or a plain object (fields by name). */
  readonly array: boolean;
  readonly fields: Map<string, number>;
  readonly handler: ProxyHandler<object>;
  readonly kids: Map<string, Container>;
  /** Stamps of the recorded reads and writes, by index: the transition's epoch when recorded. */
  readStamp: Uint32Array;
  writeStamp: Uint32Array;
  /** The view of this container in the current transition's world: its target and its view number. */
  proxy: object | null;
  target: object | null;
  proxyView: number;
}

/** Records footprints: one view per transition (`view`), then `footprint`. */
export class Recorder {
  private readonly containers: Container[] = [];
  private readonly root: Container;
  private epoch = 1;
  private views = 0;
  private reads: Int32Array = new Int32Array(256);
  private nr = 0;
  private writes: Int32Array = new Int32Array(64);
  private nw = 0;

  constructor() {
    this.root = this.container([], false);
  }

  /** A recording view of `w` for a new transition (what was recorded before is forgotten). */
  view(w: World): World {
    this.views++;
    this.epoch++;
    this.nr = 0;
    this.nw = 0;
    return this.proxyOf(this.root, w) as World;
  }

  /** Forgets what was recorded so far (the engine's set-up reads, before the transition starts). */
  reset(): void {
    this.epoch++;
    this.nr = 0;
    this.nw = 0;
  }

  /**
   * The footprint so far: what was recorded, with every entity read counted as written when it
   * differs between `before` (the world the transition started from) and `after` (its own world).
   */
  footprint(before: World, after: World): Footprint {
    // Writes found here stay recorded: a later footprint of the same transition holds this one's
    // (an entity changed and changed back since still counts as written).
    const nr = this.nr;
    for (let i = 0; i < nr; i++) {
      const key = this.reads[i] as number;
      const c = this.containers[key >>> INDEX_BITS] as Container;
      if (!c.array) continue;
      const idx = key & LENGTH;
      if (idx === LENGTH) continue;
      if ((c.writeStamp[idx] ?? 0) === this.epoch) continue;
      const a = at(after, c.path) as unknown[] | undefined;
      const x = a?.[idx];
      if (typeof x !== 'object' || x === null) continue;
      const b = at(before, c.path) as unknown[] | undefined;
      if (b === undefined || idx >= b.length || !same(b[idx], x)) this.write(c, idx);
    }
    return { r: uniqueSorted(this.reads.subarray(0, this.nr)), w: uniqueSorted(this.writes.subarray(0, this.nw)) };
  }

  private container(path: readonly string[], array: boolean): Container {
    const id = this.containers.length;
    if (id >= 1 << (31 - INDEX_BITS)) throw new Error('footprint: too many containers');
    const rec = this;
    const c: Container = {
      id,
      path,
      array,
      fields: new Map(),
      kids: new Map(),
      readStamp: new Uint32Array(16),
      writeStamp: new Uint32Array(16),
      proxy: null,
      target: null,
      proxyView: 0,
      handler: array
        ? {
            get(t: object, key: string | symbol): unknown {
              const a = t as unknown[];
              if (typeof key === 'string') {
                const ch = key.charCodeAt(0);
                if (ch >= 48 && ch <= 57) {
                  const i = Number(key);
                  rec.read(c, i);
                  // An element is an entity (or a number): returned as it is, compared after.
                  return a[i];
                }
                if (key === 'length') {
                  rec.read(c, LENGTH);
                  return a.length;
                }
              }
              return (a as unknown as Record<string | symbol, unknown>)[key];
            },
            set(t: object, key: string | symbol, v: unknown): boolean {
              if (typeof key === 'string') rec.write(c, key === 'length' ? LENGTH : Number(key));
              (t as Record<string | symbol, unknown>)[key] = v;
              return true;
            },
            has(t: object, key: string | symbol): boolean {
              if (typeof key === 'string') {
                const ch = key.charCodeAt(0);
                if (ch >= 48 && ch <= 57) rec.read(c, Number(key));
              }
              return key in t;
            },
            deleteProperty(t: object, key: string | symbol): boolean {
              if (typeof key === 'string') rec.write(c, key === 'length' ? LENGTH : Number(key));
              return delete (t as Record<string | symbol, unknown>)[key];
            },
          }
        : {
            get(t: object, key: string | symbol): unknown {
              const o = t as Record<string | symbol, unknown>;
              if (typeof key !== 'string' || (c.id === 0 && SKIP.has(key))) return o[key];
              rec.read(c, rec.field(c, key));
              const v = o[key];
              return typeof v === 'object' && v !== null ? rec.child(c, key, v) : v;
            },
            set(t: object, key: string | symbol, v: unknown): boolean {
              if (typeof key === 'string' && !(c.id === 0 && SKIP.has(key))) rec.write(c, rec.field(c, key));
              (t as Record<string | symbol, unknown>)[key] = v;
              return true;
            },
          },
    };
    this.containers.push(c);
    return c;
  }

  private field(c: Container, key: string): number {
    let f = c.fields.get(key);
    if (f === undefined) {
      f = c.fields.size;
      c.fields.set(key, f);
    }
    return f;
  }

  /** The view of the collection or singleton held in the object `parent` under `key`. */
  private child(parent: Container, key: string, v: object): object {
    let c = parent.kids.get(key);
    if (c === undefined) {
      c = this.container([...parent.path, key], Array.isArray(v));
      parent.kids.set(key, c);
    }
    return this.proxyOf(c, v);
  }

  private proxyOf(c: Container, v: object): object {
    // A step may replace a collection (`w.freePages = ...`): a view is of one target.
    if (c.proxyView === this.views && c.target === v && c.proxy !== null) return c.proxy;
    c.proxy = new Proxy(v, c.handler);
    c.target = v;
    c.proxyView = this.views;
    return c.proxy;
  }

  private read(c: Container, i: number): void {
    let s = c.readStamp;
    if (i >= s.length) s = c.readStamp = grow(s, i);
    if (s[i] === this.epoch) return;
    s[i] = this.epoch;
    if (this.nr === this.reads.length) this.reads = growInt(this.reads);
    this.reads[this.nr++] = (c.id << INDEX_BITS) | i;
  }

  private write(c: Container, i: number): void {
    this.read(c, i);
    let s = c.writeStamp;
    if (i >= s.length) s = c.writeStamp = grow(s, i);
    if (s[i] === this.epoch) return;
    s[i] = this.epoch;
    if (this.nw === this.writes.length) this.writes = growInt(this.writes);
    this.writes[this.nw++] = (c.id << INDEX_BITS) | i;
  }
}

function grow(s: Uint32Array, i: number): Uint32Array {
  if (i >= LENGTH + 1) throw new Error(`footprint: index ${i} out of range`);
  const t = new Uint32Array(Math.max(s.length * 2, i + 1));
  t.set(s);
  return t;
}

function growInt(s: Int32Array): Int32Array {
  const t = new Int32Array(s.length * 2);
  t.set(s);
  return t;
}

function uniqueSorted(x: Int32Array): Int32Array {
  const s = Int32Array.from(x).sort();
  let n = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[n++] = s[i] as number;
  return s.slice(0, n);
}

function at(w: World, path: readonly string[]): unknown {
  let x: unknown = w;
  for (const k of path) {
    if (typeof x !== 'object' || x === null) return undefined;
    x = (x as Record<string, unknown>)[k];
  }
  return x;
}

/** Deep equality of plain data (the world holds only arrays, plain objects and primitives). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) if (!same(ao[k], bo[k])) return false;
  for (const k in bo) if (!(k in ao)) return false;
  return true;
}
