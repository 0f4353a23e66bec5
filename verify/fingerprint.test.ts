import { beforeAll, describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { S } from '../generators/index.ts';
import { type Ctx, Engine, type Op, type World } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { cloneWorld } from './clone.ts';
import { Fingerprinter, loadHasher } from './fingerprint.ts';

let fp: Fingerprinter;
beforeAll(async () => {
  fp = new Fingerprinter(await loadHasher());
});

const fixed = policies['i915-2015-e2273302'];
const key = (w: World) => [...fp.encode(w)].join(',');
const worldOf = (ops: readonly Op[], policy = fixed) => checkOps(policy, ops).world;

/** Fields a step never reads (reports and coverage only), ids (an entity's index) and the static setup. */
const REPORT_ONLY =
  /^(step|\w+\.\d+\.id|config\..*|devices\..*|objects\.\d+\.(touched|bindPeak)|pages\.\d+\.gen|contexts\.\d+\.held\.\d+\.(step|where)|lockdep\.deps\..*|mappings\.\d+\.step|debug\.(disabledAt|capacity|mode)|iommus\.\d+\.(failures|capacity))$/;

/** Every number and boolean of `x`, by dotted path. */
function leaves(x: unknown, path: string, out: string[]): string[] {
  if (typeof x === 'number' || typeof x === 'boolean') out.push(path);
  else if (Array.isArray(x)) for (const [i, v] of x.entries()) leaves(v, path === '' ? `${i}` : `${path}.${i}`, out);
  else if (x !== null && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) leaves(v, path === '' ? k : `${path}.${k}`, out);
  return out;
}

function mutate(w: World, path: string): World {
  const c = structuredClone(w) as unknown as Record<string, unknown>;
  const parts = path.split('.');
  let o = c as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
  const last = parts[parts.length - 1] as string;
  const v = o[last];
  o[last] = typeof v === 'boolean' ? !v : (v as number) + 1;
  return c as unknown as World;
}

describe('Fingerprinter', () => {
  it('gives two orders of two independent ops one fingerprint', () => {
    const setup = [S.create(), S.create(), S.bind(0, 0), S.bind(1, 0)];
    const x = [S.execbuf(0, 1, true), S.signal('U0')];
    const y = [S.unbind(1, 0, { ctx: 'U1' })];
    const a = worldOf([...setup, ...x, ...y]);
    const b = worldOf([...setup, ...y, ...x]);
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(key(a)).toBe(key(b));
    const ha = new Uint32Array(2);
    const hb = new Uint32Array(2);
    fp.hash(a, ha);
    fp.hash(b, hb);
    expect([...ha]).toEqual([...hb]);
  });

  it('leaves out history: the same world after a longer past is the same state', () => {
    const job = [S.execbuf(0, 0, true), S.signal('U0')];
    const a = worldOf([S.create(), S.bind(0, 0), ...job]);
    const b = worldOf([S.create(), S.bind(0, 0), ...job, ...job, ...job]);
    expect(b.step).toBeGreaterThan(a.step);
    expect(key(a)).toBe(key(b));
  });

  it('tells apart worlds that differ in any state field, with an op in flight (exact encoding)', () => {
    // Ops in flight, no drain: U0 stopped inside an execbuf, U1 inside a bind, a fence pending.
    const e = new Engine(fixed, { checker: makeChecker(Object.values(invariants)) });
    const steps = (op: Op, i: number, n: number) => {
      expect(e.begin(op, i)).toBe(true);
      e.runCtx(e.w.contexts[op.ctx] as Ctx, n);
    };
    steps(S.create(), 0, 0);
    steps(S.create('shmem', { ctx: 'U1' }), 1, 0);
    steps(S.bind(0, 0), 2, 0);
    steps(S.execbuf(0, 1, true), 3, 0);
    steps(S.execbuf(0, 0, true), 4, 3);
    steps(S.bind(1, 1, { ctx: 'U1' }), 5, 2);
    const busy = e.w;
    expect(busy.contexts.filter((c) => c.stack.length > 0).length).toBe(2);
    // And a dma-buf world: an exported buffer, two attachments, one mapped, a map in flight.
    const d = new Engine(policies['dmabuf-reference-exporter'], { checker: makeChecker(Object.values(invariants)) });
    const dsteps = (op: Op, i: number, n: number) => {
      expect(d.begin(op, i)).toBe(true);
      d.runCtx(d.w.contexts[op.ctx] as Ctx, n);
    };
    dsteps(S.create(), 0, 0);
    dsteps(S.export(0), 1, 0);
    dsteps(S.attach(0, 1), 2, 0);
    dsteps(S.attach(0, 2, true), 3, 0);
    dsteps(S.mapAttachment(0, 1), 4, 0);
    dsteps(S.cpuAccess(0), 5, 0);
    dsteps(S.mapAttachment(0, 2), 6, 1);
    const shared = d.w;
    expect(shared.attachments.length).toBe(2);
    expect(shared.contexts.some((c) => c.stack.length > 0)).toBe(true);
    for (const world of [busy, shared]) {
      // The search's copy of a world with ops in flight is exact too.
      expect(cloneWorld(world)).toStrictEqual(world);
      const base = key(world);
      const paths = leaves(world, '', []);
      expect(paths.length).toBeGreaterThan(100);
      for (const p of paths) {
        const r = /^resvs\.(\d+)\.(fences|usages)\.(\d+)$/.exec(p);
        // A reservation's signaled fences are inert, so they are not state (fingerprint.ts).
        const inert = r !== null && world.fences[world.resvs[Number(r[1])]?.fences[Number(r[3])] ?? -1]?.signaled;
        // A dependency's index into `deps` only says where it was first seen: the edge is the state.
        const d = /^lockdep\.dep\.(\d+)$/.exec(p);
        const seen = d !== null && world.lockdep.dep[Number(d[1])] !== -1;
        if (REPORT_ONLY.test(p) || inert === true || seen) expect(key(mutate(world, p)), p).toBe(base);
        else expect(key(mutate(world, p)), p).not.toBe(base);
      }
    }
  });

  it('encodes a world alike in every fingerprinter, whatever it met before (the workers of a parallel search)', async () => {
    // Worlds with different programs in flight (an execbuf, a bind): a fingerprinter that numbered
    // names in the order it met them would encode each differently after meeting the other first.
    const a = new Engine(fixed, { checker: makeChecker(Object.values(invariants)) });
    expect(a.begin(S.create(), 0)).toBe(true);
    a.runCtx(a.w.contexts[0] as Ctx, 0);
    const execbuf = cloneWorld(a.w);
    const bind = cloneWorld(a.w);
    const x = Engine.on(fixed, execbuf, makeChecker(Object.values(invariants)));
    expect(x.begin(S.execbuf(0, 0, true), 1)).toBe(true);
    x.runCtx(execbuf.contexts[0] as Ctx, 1);
    const y = Engine.on(fixed, bind, makeChecker(Object.values(invariants)));
    expect(y.begin(S.bind(0, 0), 1)).toBe(true);
    y.runCtx(bind.contexts[0] as Ctx, 1);
    expect(execbuf.contexts[0]?.stack.length).toBeGreaterThan(0);
    expect(bind.contexts[0]?.stack.length).toBeGreaterThan(0);
    const h64 = await loadHasher();
    const one = new Fingerprinter(h64);
    const two = new Fingerprinter(h64);
    const e1 = [...one.encode(execbuf)].join(',');
    const b1 = [...one.encode(bind)].join(',');
    const b2 = [...two.encode(bind)].join(',');
    const e2 = [...two.encode(execbuf)].join(',');
    expect(e1).not.toBe(b1);
    expect(e2).toBe(e1);
    expect(b2).toBe(b1);
  });
});
