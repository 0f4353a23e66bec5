import { beforeAll, describe, expect, it } from 'vitest';
import { configFor, createWorld, Engine, type Op, type World } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { cloneWorld } from './clone.ts';
import { Expander, type Move } from './expand.ts';
import { Fingerprinter, type H64, loadHasher } from './fingerprint.ts';
import { type Footprint, independent, Recorder } from './footprint.ts';

let h64: H64;
beforeAll(async () => {
  h64 = await loadHasher();
});

const policy = policies['i915-2015-e2273302'];
const config = configFor(policy, { maxObjects: 2, vms: 2 });
const checker = makeChecker(Object.values(invariants), {});
const op = (kind: string, ctx: number, obj: number, arg: number, run: number): Op =>
  ({ kind, ctx, obj, vm: 0, arg, run }) as Op;

/** Runs `o` on `w` (in place) as the search does; its footprint when a recorder is given. */
function go(w: World, o: Op, rec?: Recorder): Footprint | null {
  const before = cloneWorld(w);
  const e = Engine.on(policy, rec === undefined ? w : rec.view(w), checker);
  rec?.reset();
  expect(e.begin(o, 0)).toBe(true);
  const c = e.w.contexts[o.ctx] as World['contexts'][number];
  if (o.run === 0) e.runCtx(c, 0);
  else for (let ran = 0; ran < o.run && c.stack.length > 0; ) ran += e.runCtx(c, 1);
  return rec === undefined ? null : rec.footprint(before, w);
}

function prefix(): World {
  const w = createWorld(config);
  go(w, op('create', 0, 0, 0, 0));
  go(w, op('execbuf', 1, 0, 0, 0));
  return w;
}

describe('footprints', () => {
  it('finds a preempted shrink and a fence signal independent, and both orders reach one state', () => {
    const rec = new Recorder();
    const a = op('shrink', 2, 0, 0, 1);
    const b = op('signal', 3, 0, 1, 0);
    const w1 = prefix();
    const w2 = cloneWorld(w1);
    const fa = go(w1, a, rec) as Footprint;
    go(w1, b);
    const fb = go(w2, b, rec) as Footprint;
    go(w2, a);
    expect(independent(fa, fb)).toBe(true);
    const fp = new Fingerprinter(h64);
    expect(Array.from(fp.encode(w1))).toEqual(Array.from(fp.encode(w2)));
  });

  it('finds two creates dependent (both allocate the next object)', () => {
    const rec = new Recorder();
    const w = createWorld(config);
    const f0 = go(cloneWorld(w), op('create', 0, 0, 0, 0), rec) as Footprint;
    const f1 = go(cloneWorld(w), op('create', 1, 0, 0, 0), rec) as Footprint;
    expect(independent(f0, f1)).toBe(false);
  });

  it('counts an entity changed through a plain reference as written, and one only read as not', () => {
    const rec = new Recorder();
    const w = createWorld(config);
    const before = cloneWorld(w);
    const v = rec.view(w);
    const c = v.contexts[0] as World['contexts'][number];
    c.blocked = true;
    expect(v.contexts[1]?.blocked).toBe(false);
    const f = rec.footprint(before, w);
    expect(f.w.length).toBe(1);
    expect(f.r.length).toBeGreaterThanOrEqual(2);
    expect(independent(f, { r: f.w, w: new Int32Array(0) })).toBe(false);
    expect(independent(f, { r: f.r.filter((k) => !f.w.includes(k)), w: new Int32Array(0) })).toBe(true);
  });

  it("records a transition from before its op starts: the op's precondition reads are in its footprint", () => {
    const x = new Expander(policy, { contexts: [0, 1, 2, 3], preempt: 12 }, new Set(), config, true);
    const rec = x.rec as Recorder;
    const w = prefix();
    const bind = x.enabled(w).find((o) => o.kind === 'bind' && o.ctx === 0 && o.obj === 0);
    if (bind === undefined) throw new Error('no bind enabled');
    const done: Move[] = [];
    x.expand(w, 0, 0, [], done, bind, true, () => {});
    const whole = done.find((m) => m.run === 0);
    if (whole === undefined) throw new Error('no run to the end');
    // The same transition run by hand from before `begin` (which checks the op's precondition) ...
    const full = go(cloneWorld(w), { ...bind, run: 0 }, rec) as Footprint;
    expect(Array.from(whole.fp.r)).toEqual(Array.from(full.r));
    // (The expander's writes also hold what its earlier stops wrote and put back: the context's
    // stack, the mutex taken and released.)
    for (const k of full.w) expect(whole.fp.w).toContain(k);
    // ... and from after it: fewer reads, so recording from there would miss the precondition's.
    const c = cloneWorld(w);
    const before = cloneWorld(c);
    const e = Engine.on(policy, rec.view(c), checker);
    expect(e.begin({ ...bind, run: 0 }, 0)).toBe(true);
    rec.reset();
    e.runCtx(e.w.contexts[bind.ctx] as World['contexts'][number], 0);
    const late = rec.footprint(before, c);
    expect(late.r.length).toBeLessThan(full.r.length);
  });
});
