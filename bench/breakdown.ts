import fc from 'fast-check';
import { fuzzPolicy } from '../fuzz/index.ts';
import { choicesArb, opsArb } from '../generators/index.ts';
import { DEFAULT_CONFIG, type Policy, run } from '../model/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { compactFuzz } from './compact.ts';
import { commandArbs, harnessProperty } from './fc-harness.ts';
import { handLoop } from './hand-loop.ts';
import { cpuMs, median } from './measure.ts';

/**
 * Where a run's time goes, in microseconds of CPU per run: what fast-check's generation costs on
 * its own (a property that only reads the value), beside what each contender costs in all. A
 * campaign generates choice sequences (`choicesArb`), drawn two ways; the engine row replays
 * `opsArb` sequences (the property tests' generator). This is
 * what bounds the end-to-end ratios: a run cannot cost less than its generation.
 */
export interface Cost {
  /** CPU microseconds per run. */
  readonly us: number;
  /** Steps per run, or null for generation alone. */
  readonly steps: number | null;
}

export interface Breakdown {
  /** `choicesArb` generation alone, drawn from fast-check's random source (what `fuzzPolicy` runs). */
  readonly genChoices: Cost;
  /** `choicesArb` generation alone, through `fc.array(fc.nat())`. */
  readonly genChoicesFc: Cost;
  /** `opsArb` generation alone (the property tests' generator). */
  readonly genOps: Cost;
  /** The engine on fuzzing's sequences, generation excluded. */
  readonly engine: Cost;
  /** `fuzzPolicy` end to end. */
  readonly fuzz: Cost;
  /** `fuzzPolicy` end to end, choices drawn through `fc.array(fc.nat())`. */
  readonly fuzzFc: Cost;
  /** `fc.commands` generation alone. */
  readonly genCommands: Cost;
  /** The fc.commands harness end to end. */
  readonly harness: Cost;
  /** The hand loop, its PRNG included. */
  readonly hand: Cost;
  /** Experiment: fuzzing with one integer per op (`compact.ts`), end to end. */
  readonly compact: Cost;
}

const RUNS = 2000;

type Work = (seed: number) => number | null | Promise<number | null>;

/**
 * CPU microseconds and steps per run of each `work` (each does `RUNS` runs and returns its steps),
 * the works interleaved round by round; medians of `rounds` (a first round warms up).
 */
async function perRun<K extends string>(works: Record<K, Work>, rounds: number): Promise<Record<K, Cost>> {
  const keys = Object.keys(works) as K[];
  const us = new Map<K, number[]>(keys.map((k) => [k, []]));
  const steps = new Map<K, number | null>();
  for (let i = 0; i <= rounds; i++) {
    for (const k of keys) {
      const t0 = cpuMs();
      steps.set(k, await works[k](i));
      if (i > 0) us.get(k)?.push(((cpuMs() - t0) * 1000) / RUNS);
    }
  }
  const cost = (k: K): Cost => {
    const n = steps.get(k) ?? null;
    return { us: median(us.get(k) ?? []), steps: n === null ? null : n / RUNS };
  };
  return Object.fromEntries(keys.map((k) => [k, cost(k)])) as Record<K, Cost>;
}

export async function breakdown(p: Policy, seed: number, rounds: number): Promise<Breakdown> {
  const checker = makeChecker(Object.values(invariants));
  const ops = opsArb();
  const cmds = fc.commands(commandArbs(DEFAULT_CONFIG), { maxCommands: 24, size: 'max' });
  const seqs = fc.sample(ops, { seed, numRuns: RUNS });
  const read = (xs: Iterable<unknown>) => {
    for (const _ of xs);
    return true;
  };
  const counter = { steps: 0 };
  const harness = harnessProperty(p, checker, counter);
  const choices = choicesArb({}, 'prng');
  const choicesFc = choicesArb({}, 'arbitraries');
  return perRun(
    {
      genChoices: (s) => {
        fc.check(fc.property(choices, read), { seed: seed + s, numRuns: RUNS });
        return null;
      },
      genChoicesFc: (s) => {
        fc.check(fc.property(choicesFc, read), { seed: seed + s, numRuns: RUNS });
        return null;
      },
      genOps: (s) => {
        fc.check(fc.property(ops, read), { seed: seed + s, numRuns: RUNS });
        return null;
      },
      engine: () => seqs.reduce((n, o) => n + run(p, o, { checker }).steps, 0),
      fuzz: async (s) => (await fuzzPolicy(p, { seed: seed + s, runs: RUNS })).coverage.steps,
      fuzzFc: async (s) =>
        (await fuzzPolicy(p, { seed: seed + s, runs: RUNS, gen: { draw: 'arbitraries' } })).coverage.steps,
      genCommands: (s) => {
        fc.check(fc.property(cmds, read), { seed: seed + s, numRuns: RUNS });
        return null;
      },
      harness: (s) => {
        const before = counter.steps;
        fc.check(harness, { seed: seed + s, numRuns: RUNS });
        return counter.steps - before;
      },
      hand: (s) => handLoop(seed + s, RUNS, checker, p).steps,
      compact: (s) => compactFuzz(p, seed + s, RUNS).steps,
    },
    rounds,
  );
}
