import { describe, expect, it } from 'vitest';
import { checkOps, record } from '../../fuzz/index.ts';
import { S } from '../../generators/index.ts';
import { policies } from '../../policies/index.ts';
import { invariants, makeChecker } from '../../properties/index.ts';
import { CONTEXTS, type Ctx, Engine } from '../index.ts';

const fixed = policies['i915-2015-e2273302'];

describe('engine', () => {
  it('is a pure function of (policy, ops): two runs give the same world', () => {
    const ops = [S.create(), S.bind(0, 0), S.execbuf(0, 1, true, { run: 2 }), S.shrink(), S.close(0)];
    const a = checkOps(fixed, ops);
    const b = checkOps(fixed, ops);
    expect(JSON.stringify(a.world)).toBe(JSON.stringify(b.world));
    expect(a.steps).toBe(b.steps);
  });

  it('keeps the world plain data: it survives a JSON round trip and structuredClone', () => {
    const { world } = checkOps(fixed, [S.create(), S.bind(0, 0), S.execbuf(0, 1, true, { run: 3 })]);
    expect(JSON.parse(JSON.stringify(world))).toEqual(world);
    expect(structuredClone(world)).toEqual(world);
  });

  it('preempts an op after `run` steps and lets another context run in between', () => {
    // U0's execbuf stops after taking struct_mutex; U1's bind must wait for it.
    const rec = record(fixed, [S.create(), S.execbuf(0, 0, false, { run: 1 }), S.bind(0, 1, { ctx: 'U1' })]);
    const order = rec.steps.map((s) => `${CONTEXTS[s.ctx]}:${s.prog}:${s.label}`);
    expect(order.slice(0, 3)).toEqual(['U0:create:create', 'U0:execbuf:mutex_lock', 'U0:execbuf:lock']);
    // U1 blocked on struct_mutex, so the drain finishes U0 first, then U1.
    const u1 = order.findIndex((s) => s.startsWith('U1:'));
    const u0end = order.lastIndexOf('U0:execbuf:mutex_unlock');
    expect(u1).toBeGreaterThan(u0end);
    expect(rec.result.violation).toBeNull();
  });

  it('returns a callee program to its caller and pops finished frames', () => {
    const rec = record(fixed, [S.create(), S.bind(0, 0)]);
    const labels = rec.steps.map((s) => `${s.prog}:${s.label}`);
    expect(labels).toEqual([
      'create:create',
      'bind:lock',
      'bind:call',
      'vma_bind:get_pages',
      'vma_bind:insert_node',
      'vma_bind:write_ptes',
      'bind:unlock',
    ]);
    expect(rec.result.world.contexts.every((c) => c.stack.length === 0)).toBe(true);
  });

  it('skips an op whose precondition cannot be met, and retargets one that can', () => {
    const rec = record(fixed, [S.unbind(0, 0), S.create(), S.unbind(0, 2), S.bind(0, 0), S.unbind(2, 2)]);
    const ran = rec.ops.map((o) => `${o.op.kind}(${o.op.obj},${o.op.vm})`);
    // The first unbind has nothing to unbind; the second has nothing bound yet; the last one is
    // retargeted to the one bound VMA.
    expect(ran).toEqual(['create(0,0)', 'bind(0,0)', 'unbind(0,0)']);
  });

  it('lets the GPU complete jobs when every context left waits for one', () => {
    const rec = record(fixed, [S.create(), S.execbuf(0, 0, true), S.close(0)]);
    expect(rec.ops.some((o) => o.drain && o.op.kind === 'signal')).toBe(true);
    expect(rec.result.world.objects[0]?.live).toBe(false);
  });

  it('steps an op through the exported API to the same world as a run with that budget', () => {
    const checker = makeChecker(Object.values(invariants));
    const ops = [S.create(), S.bind(0, 0), S.execbuf(0, 1, true)];
    for (let n = 1; n <= 4; n++) {
      const want = checkOps(fixed, [...ops.slice(0, 2), { ...(ops[2] as (typeof ops)[number]), run: n }]);
      const e = new Engine(fixed, { checker });
      ops.slice(0, 2).forEach((op, i) => {
        expect(e.begin(op, i)).toBe(true);
        e.runCtx(e.w.contexts[op.ctx] as Ctx, 0);
      });
      expect(e.begin(ops[2] as (typeof ops)[number], 2)).toBe(true);
      // One step at a time: a return from a callee runs on with its caller, as in `runCtx(c, n)`.
      let done = 0;
      const u0 = e.w.contexts[0] as Ctx;
      while (done < n && u0.stack.length > 0) done += e.runCtx(u0, 1);
      e.drain();
      expect(JSON.stringify(e.w)).toBe(JSON.stringify(want.world));
    }
  });

  it('refuses to begin an op whose context is busy or whose precondition fails', () => {
    const e = new Engine(fixed, { checker: makeChecker(Object.values(invariants)) });
    expect(e.begin(S.bind(0, 0), 0)).toBe(false);
    expect(e.begin(S.create(), 0)).toBe(true);
    expect(e.begin(S.create(), 1)).toBe(false);
  });
});
