import { BACKINGS, type Coverage, type World } from '../model/index.ts';

/**
 * Coverage features of a run, as numbers (a kind in the high bits, a payload below), for the
 * coverage-guided phase: what syzkaller calls signal and AFL its bitmap. A sequence is kept when it
 * reaches a feature no kept sequence reached before. The kinds: a program step (with AFL's hit-count
 * bucket), a switch of context between two program steps (the interleaving), an invariant's guarded
 * situation and its varieties, a lock dependency, and an abstract state (each object's and
 * attachment's lifetime state, IOMMU and debug-table occupancy, fences in flight).
 */
export const FEATURE = {
  step: 1,
  switch: 2,
  guard: 3,
  detail: 4,
  lockDep: 5,
  object: 6,
  attachment: 7,
  iommu: 8,
  debug: 9,
  fences: 10,
} as const;
/** A feature kind (`FEATURE`). */
export type FeatureKind = keyof typeof FEATURE;

const SHIFT = 2 ** 24;

/** The feature of kind `k` with `payload` (below 2^24). */
export function feature(k: FeatureKind, payload: number): number {
  return FEATURE[k] * SHIFT + (payload % SHIFT);
}

/** The kind of a feature. */
export function kindOf(f: number): FeatureKind {
  const k = Math.floor(f / SHIFT);
  const name = (Object.keys(FEATURE) as FeatureKind[]).find((n) => FEATURE[n] === k);
  // Features are made by `feature` only: a number of another kind cannot arise.
  if (name === undefined) throw new Error(`feature ${f} has no kind`);
  return name;
}

/** AFL's hit-count buckets: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128 and more. */
export function bucket(n: number): number {
  if (n <= 3) return n;
  if (n < 8) return 4;
  if (n < 16) return 5;
  if (n < 32) return 6;
  return n < 128 ? 7 : 8;
}

const min = (n: number, cap: number) => Math.min(n, cap);
const log2 = (n: number) => (n <= 0 ? 0 : 1 + Math.floor(Math.log2(n)));

/**
 * The abstract state features of a world, added to `out` (a caller's set, or an array the random
 * phase checks against its set): per object the lifetime fields that decide what the driver does
 * next, per attachment its mapping state, occupancy of each IOMMU domain and of the debug table
 * (log-scaled: a leak grows them), unsignalled fences, and every lock dependency seen.
 */
export function stateFeatures(w: World, out: { add(f: number): unknown }): void {
  for (const o of w.objects) {
    let s = BACKINGS.indexOf(o.backing);
    s = s * 2 + (o.live ? 1 : 0);
    s = s * 2 + (o.sg === -1 ? 0 : 1);
    s = s * 4 + min(o.pagesPin, 3);
    s = s * 4 + min(o.bindCount, 3);
    s = s * 8 + min(o.liveMaps, 7);
    s = s * 4 + o.madv;
    s = s * 2 + (o.dmabuf < 0 ? 0 : 1);
    s = s * 2 + (o.work < 0 ? 0 : 1);
    s = s * 2 + (o.dirty ? 1 : 0);
    s = s * 2 + (o.active > 0 ? 1 : 0);
    s = s * 2 + (o.pinDisplay > 0 ? 1 : 0);
    out.add(feature('object', s));
  }
  for (const a of w.attachments) {
    const s = (a.dynamic ? 1 : 0) + (a.sg === -1 ? 0 : 2) + (a.pinned ? 4 : 0) + (a.valid ? 8 : 0);
    out.add(feature('attachment', s + (a.detached ? 16 : 0)));
  }
  w.iommus.forEach((d, i) => {
    out.add(feature('iommu', i * 64 + log2(d.used) * 2 + (d.failures > 0 ? 1 : 0)));
  });
  out.add(feature('debug', log2(w.debug.used) * 2 + (w.debug.disabled ? 1 : 0)));
  let pending = 0;
  for (const f of w.fences) if (!f.signaled) pending++;
  out.add(feature('fences', min(pending, 15)));
  for (const d of w.lockdep.deps) out.add(feature('lockDep', d.from * 4096 + d.to));
}

/**
 * Interns strings (program steps, guard details) as small numbers, per campaign, so that features
 * stay numbers: ids are given in the order first seen, which a seeded campaign makes deterministic.
 */
export class Names {
  private readonly ids = new Map<string, number>();
  private readonly steps = new Map<string, Map<string, number>>();

  /** The id of program `prog`'s step `label` (no string built per step). */
  step(prog: string, label: string): number {
    let m = this.steps.get(prog);
    if (m === undefined) {
      m = new Map();
      this.steps.set(prog, m);
    }
    let i = m.get(label);
    if (i === undefined) {
      i = this.id(`${prog}:${label}`);
      m.set(label, i);
    }
    return i;
  }

  /** The id of `s`, given now if new. */
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.ids.size;
      this.ids.set(s, i);
    }
    return i;
  }
}

/**
 * The features a run's own coverage shows (a fresh `Coverage` per run): each program step with its
 * hit-count bucket, each guarded situation (bucketed) and each variety of one.
 */
export function coverageFeatures(c: Coverage, names: Names, out: { add(f: number): unknown }): void {
  for (const prog in c.pcs) {
    const hits = c.pcs[prog] as number[];
    for (let pc = 0; pc < hits.length; pc++) {
      const n = hits[pc] as number;
      if (n > 0) out.add(feature('step', names.id(`${prog}#${pc}`) * 16 + bucket(n)));
    }
  }
  for (const code in c.guards) {
    const n = c.guards[code] as number;
    if (n > 0) out.add(feature('guard', names.id(`guard ${code}`) * 16 + bucket(n)));
  }
  for (const d in c.details) out.add(feature('detail', names.id(`detail ${d}`)));
}
