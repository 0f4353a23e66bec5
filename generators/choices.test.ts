import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTEXTS, type ContextId, configFor, Engine, newCoverage, type Op, run } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { enabledOps } from './actions.ts';
import { ChoiceRunner, choicesArb } from './choices.ts';
import { optionsFor } from './ops.ts';

const ALL = CONTEXTS.map((_, i) => i as ContextId);
const key = (o: Op) => `${o.kind}/${o.ctx}/${o.obj}/${o.vm}/${o.arg}`;
const NAMES = ['i915-2015-e2273302', 'dmabuf-reference-exporter', 'i915-2019-userptr-interval-seq'] as const;

function setup(name: (typeof NAMES)[number] | 'i915-2015-before-e2273302', maxOps = 24) {
  const p = policies[name];
  const config = configFor(p);
  const gen = optionsFor(p, { config, maxOps });
  return { p, config, gen, runner: new ChoiceRunner(p, gen) };
}

describe('ChoiceRunner', () => {
  for (const name of NAMES) {
    it(`runs every op it draws on ${name}, and its recorded ops replay to the same end`, () => {
      const { p, config, gen, runner } = setup(name);
      const checker = makeChecker(Object.values(invariants));
      const coverage = newCoverage();
      for (const choices of fc.sample(choicesArb(gen), { seed: 5, numRuns: 300 })) {
        const e = new Engine(p, { config, checker, coverage });
        runner.drive(e, choices);
        if (!e.stopped) e.drain();
        const replay = run(p, runner.ops(), { config, checker });
        expect(replay.steps).toBe(e.steps);
        expect(replay.violation?.code).toBe(e.violation?.code);
        // Halving every choice (what the shrinker tries) is a run too, with nothing skipped.
        runner.drive(
          new Engine(p, { config, checker, coverage }),
          choices.map((c) => c >> 1),
        );
      }
      expect(coverage.skipped).toBe(0);
      expect(coverage.steps).toBeGreaterThan(0);
    });
  }

  it('draws exactly the enabled ops (enabledOps) of each state it reaches, each from some choice', () => {
    const { p, config, gen, runner } = setup('dmabuf-reference-exporter', 8);
    const t = runner.table;
    const checker = makeChecker(Object.values(invariants));
    for (const choices of fc.sample(choicesArb(gen), { seed: 9, numRuns: 40 })) {
      const e = new Engine(p, { config, checker });
      runner.drive(e, choices);
      const want = new Set(enabledOps(e.w, t.templates, gen, ALL).map(key));
      const got = new Set<string>();
      for (let c = 0; c < 4000; c++) {
        const i = t.draw(e.w, c);
        if (i >= 0) got.add(key(t.op(i)));
      }
      expect(got).toEqual(want);
    }
  });

  it('shrinks the e2273302 double mapping to a valid short run', () => {
    const { p, config, gen, runner } = setup('i915-2015-before-e2273302');
    const checker = makeChecker(Object.values(invariants));
    const fails = (choices: number[]) => {
      const e = new Engine(p, { config, checker });
      runner.drive(e, choices);
      if (!e.stopped) e.drain();
      return e.violation?.code === 'MAP-SINGLE';
    };
    const d = fc.check(
      fc.property(choicesArb(gen), (c) => !fails(c)),
      { seed: 3, numRuns: 2000 },
    );
    expect(d.failed).toBe(true);
    const shrunk = d.counterexample?.[0] ?? [];
    expect(fails(shrunk)).toBe(true);
    expect(runner.ops().length).toBeLessThanOrEqual(4);
  });
});
