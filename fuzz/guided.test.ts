import { describe, expect, it } from 'vitest';
import { kthBindPolicy } from '../bench/kth-bind.ts';
import { S } from '../generators/script.ts';
import { CTX, DEFAULT_CONFIG, newCoverage, OP_DOMAINS, type OpKind, run } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { Corpus } from './corpus.ts';
import { fuzzPolicy } from './index.ts';
import { mutator } from './mutate.ts';
import { Prng } from './prng.ts';

/**
 * The coverage-guided phase: it reaches a bug the random phase misses at the same budget, its
 * mutants stay in their kinds' domains, it is deterministic, and the corpus keeps only sequences
 * that reach something new.
 */
describe('guided phase', () => {
  // From the 12th bind of a run on, bind maps again: random sequences of 24 ops rarely bind 12
  // times; mutants that bind more often are kept (a step's hit count reaches a new bucket), and
  // repeating a block of them gets there.
  const deep = kthBindPolicy(12);

  it('reaches a bug that needs 12 binds, which the random phase misses', async () => {
    const random = await fuzzPolicy(deep, { seed: 1, runs: 200, guided: 0, maxViolations: 1 });
    expect(random.found).toEqual([]);
    const guided = await fuzzPolicy(deep, { seed: 1, runs: 200, guided: 3000, maxViolations: 1 });
    expect(guided.found.map((f) => f.violation.code)).toEqual(['MAP-SINGLE']);
    expect(guided.found[0]?.guided?.mutant).toBeGreaterThan(0);
    // Minimised as the random phase's finds are: twelve binds (an execbuf binds too), nothing more.
    const binds = guided.found[0]?.ops.filter((op) => op.kind === 'bind' || op.kind === 'execbuf').length;
    expect(binds).toBeGreaterThanOrEqual(12);
  });

  it('gives the same mutants, kept sequences and finds for the same seed', async () => {
    const p = policies['i915-2015-e2273302'];
    const a = await fuzzPolicy(p, { seed: 7, runs: 300, guided: 400 });
    const b = await fuzzPolicy(p, { seed: 7, runs: 300, guided: 400 });
    expect(a.guided).toEqual(b.guided);
    expect(a.guided?.runs).toBe(400);
    expect(a.guided?.kept).toBeGreaterThan(0);
  });

  it('runs no guided phase with guided: 0', async () => {
    const r = await fuzzPolicy(policies['i915-2015-e2273302'], { seed: 1, runs: 100, guided: 0 });
    expect(r.guided).toBeUndefined();
  });

  it("mutates within each kind's domain", () => {
    const p = policies['dmabuf-reference-exporter'];
    const config = { ...DEFAULT_CONFIG, ...p.config };
    const m = mutator(p, config, 24, new Prng(1));
    const base = [S.create(), S.bind(0, 1), S.export(0), S.attach(0, 1), S.mapAttachment(0, 1), S.resume('U1')];
    for (let i = 0; i < 2000; i++) {
      for (const op of m.mutate(base, [base])) {
        const d = OP_DOMAINS[op.kind as OpKind];
        if (d.ctx === 'user') expect([CTX.U0, CTX.U1]).toContain(op.ctx);
        else if (d.ctx !== 'busy') expect(op.ctx).toBe(CTX[d.ctx]);
        expect(op.obj).toBeLessThan(config.maxObjects);
        if (d.vm === 'vm') expect(op.vm).toBeLessThan(config.vms);
        if (!d.preempt) expect(op.run).toBe(0);
      }
    }
  });

  it('keeps a sequence that reaches a new state, not one that repeats a known one', () => {
    const p = policies['i915-2015-before-e2273302'];
    const cov = newCoverage();
    const checker = makeChecker(Object.values(invariants), { coverage: cov, mask: new Set(['MAP-SINGLE']) });
    const corpus = new Corpus();
    const observe = (ops: ReturnType<typeof S.create>[]) =>
      corpus.observe(() => ops, run(p, ops, { checker, coverage: cov }).world, cov);
    const one = [S.create(), S.bind(0, 0)];
    observe(one);
    observe([S.create(), S.bind(0, 0)]);
    expect(corpus.entries).toEqual([one]);
    const leak = [S.create(), S.bind(0, 0), S.bind(0, 1)];
    observe(leak);
    expect(corpus.entries).toEqual([one, leak]);
  });
});
