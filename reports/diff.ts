import { CONTEXTS, type World } from '../model/index.ts';

/**
 * What a step changed, generically over the plain-data world: each entity array of `World`
 * (objects, vmas, mappings, ... and any added later) is diffed element by element, and each other
 * field as one entity. An entity is named by its array and index (`obj#0`, `vma#1`, `m#2`), so a
 * new kind of entity shows up in the reports without a change here.
 * @category Reports
 */
export interface FieldChange {
  /** Field path inside the entity: `liveMaps`, `vmas[1]`, `owner[2..3]`. */
  readonly path: string;
  /** Rendered value before; null for a field of a new entity. */
  readonly before: string | null;
  readonly after: string;
}

/** How one entity of the world (`obj#0`, `m#1`, ...) changed in one step. @category Reports */
export interface EntityChange {
  /** `obj#0`, `m#1`, `ctx#U0`, `debug`. */
  readonly name: string;
  /** The step created it (all its fields are listed). */
  readonly created: boolean;
  readonly fields: readonly FieldChange[];
}

/** Names the reports and invariant messages already use; other arrays are named by their singular. */
const SHORT_NAMES: Readonly<Record<string, string>> = { objects: 'obj', mappings: 'm', contexts: 'ctx' };

/**
 * Not diffed: the config never changes, the step counter always does, a context's stack is its
 * program counter and locals, which the step list itself shows; an object's `touched` stamp is the
 * checker's bookkeeping, and the lockdep dependency matrix is an index over `lockdep.deps`, whose
 * new entries do show. A lazy IOMMU domain's flush queue (`fq`) changes at every unmap and
 * map; a stale access names what it reached in its own message.
 */
const IGNORED = new Set(['config', 'step', 'contexts.stack', 'objects.touched', 'lockdep.dep', 'iommus.fq']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function entityName(collection: string, index: number): string {
  if (collection === 'contexts') return `ctx#${CONTEXTS[index] ?? index}`;
  return `${SHORT_NAMES[collection] ?? singular(collection)}#${index}`;
}

function singular(plural: string): string {
  if (plural.endsWith('ies')) return `${plural.slice(0, -3)}y`;
  if (/(x|ch|sh|ss)es$/.test(plural)) return plural.slice(0, -2);
  return plural.endsWith('s') ? plural.slice(0, -1) : plural;
}

/** Every entity the step from `before` to `after` created or changed, in world order. @category Reports */
export function diffWorld(before: World, after: World): EntityChange[] {
  const a = before as unknown as Record<string, Json>;
  const b = after as unknown as Record<string, Json>;
  const out: EntityChange[] = [];
  for (const key of Object.keys(b)) {
    if (IGNORED.has(key)) continue;
    const x = a[key];
    const y = b[key] as Json;
    if (isEntityArray(y)) {
      const xs = Array.isArray(x) ? x : [];
      y.forEach((e, i) => {
        const c = diffEntity(entityName(key, i), key, xs[i], e);
        if (c !== null) out.push(c);
      });
    } else {
      const c = diffEntity(key, key, x, y);
      if (c !== null) out.push(c);
    }
  }
  return out;
}

/** The current fields of one entity (`obj#0`), for showing it whole; null when there is none. @category Reports */
export function entityState(w: World, collection: string, index: number): EntityChange | null {
  const y = (w as unknown as Record<string, Json>)[collection];
  if (!isEntityArray(y) || y[index] === undefined) return null;
  return { name: entityName(collection, index), created: false, fields: fieldsOf(collection, y[index]) };
}

function isEntityArray(v: Json | undefined): v is Json[] {
  return Array.isArray(v) && v.length > 0 && v.every((e) => isRecord(e));
}

function isRecord(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function diffEntity(name: string, collection: string, x: Json | undefined, y: Json): EntityChange | null {
  if (x === undefined) return { name, created: true, fields: fieldsOf(collection, y) };
  const fields = diffValue(collection, '', x, y);
  return fields.length === 0 ? null : { name, created: false, fields };
}

function fieldsOf(collection: string, y: Json): FieldChange[] {
  if (!isRecord(y)) return [{ path: '', before: null, after: show(y) }];
  return Object.entries(y)
    .filter(([k]) => k !== 'id' && !IGNORED.has(`${collection}.${k}`))
    .map(([k, v]) => ({ path: k, before: null, after: show(v) }));
}

function diffValue(collection: string, path: string, x: Json, y: Json): FieldChange[] {
  if (same(x, y)) return [];
  if (isRecord(x) && isRecord(y)) {
    const keys = [...new Set([...Object.keys(y), ...Object.keys(x)])];
    return keys
      .filter((k) => !(path === '' && IGNORED.has(`${collection}.${k}`)))
      .flatMap((k) => diffValue(collection, path === '' ? k : `${path}.${k}`, x[k] ?? null, y[k] ?? null));
  }
  if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && y.every((v) => !isObject(v))) {
    return indexRuns(path, x, y);
  }
  // A list that only grew (lockdep's dependencies, a reservation's fences): just what was appended.
  if (Array.isArray(x) && Array.isArray(y) && y.length > x.length && x.every((v, i) => same(v, y[i] ?? null))) {
    return y.slice(x.length).map((v) => ({ path: path === '' ? '+=' : `${path} +=`, before: null, after: show(v) }));
  }
  return [{ path, before: show(x), after: show(y) }];
}

/** Changed indices of two same-length arrays, consecutive ones with one before/after merged: `owner[2..3]`. */
function indexRuns(path: string, x: Json[], y: Json[]): FieldChange[] {
  const out: FieldChange[] = [];
  let i = 0;
  while (i < y.length) {
    if (same(x[i] ?? null, y[i] ?? null)) {
      i++;
      continue;
    }
    let j = i;
    while (
      j + 1 < y.length &&
      !same(x[j + 1] ?? null, y[j + 1] ?? null) &&
      same(x[j + 1] ?? null, x[i] ?? null) &&
      same(y[j + 1] ?? null, y[i] ?? null)
    )
      j++;
    out.push({ path: `${path}[${i === j ? i : `${i}..${j}`}]`, before: show(x[i] ?? null), after: show(y[i] ?? null) });
    i = j + 1;
  }
  return out;
}

function isObject(v: Json): boolean {
  return typeof v === 'object' && v !== null;
}

function same(x: Json, y: Json): boolean {
  return x === y || (isObject(x) && isObject(y) && JSON.stringify(x) === JSON.stringify(y));
}

/** A value as the reports print it: strings bare, everything else as JSON. */
function show(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `liveMaps 1 -> 2` / `live true` (a new entity's field). @category Reports */
export function fieldText(f: FieldChange, arrow = '->'): string {
  const name = f.path === '' ? '' : `${f.path} `;
  return f.before === null ? `${name}${f.after}` : `${name}${f.before} ${arrow} ${f.after}`;
}
