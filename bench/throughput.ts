import fc from 'fast-check';
import { fuzzPolicy } from '../fuzz/index.ts';
import { opsArb } from '../generators/index.ts';
import { DEFAULT_CONFIG, type Op, type Policy, run, type WorldConfig } from '../model/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { harnessProperty } from './fc-harness.ts';
import { handLoop } from './hand-loop.ts';
import { median, stepsPerSec, stepsPerSecAsync } from './measure.ts';

/**
 * Steps per second, every invariant checked after every step, measured in one process with the
 * contenders interleaved (one round measures each once; the result is each one's median over the
 * rounds), so that a noisy machine slows all of them alike.
 */
export interface ThroughputOptions {
  readonly seed: number;
  readonly rounds: number;
  /** Seconds per contender per round. */
  readonly seconds: number;
  readonly config?: WorldConfig;
  readonly maxOps?: number;
  /** The hand-written loop models this policy (the fixed i915 2015 paths). */
  readonly hand: boolean;
  /** Also time the fuzzing campaign end to end. */
  readonly fuzz?: boolean;
}

export interface Throughput {
  /** The engine on sequences fast-check generated for fuzzing (generation not timed). */
  readonly engine: number;
  /** The engine on the hand loop's own op sequences: the same steps, the same worlds. */
  readonly engineSame: number | null;
  /** Baseline (a), generation (a PRNG) included. */
  readonly hand: number | null;
  /** Baseline (b), `fc.commands` + `fc.modelRun`, generation and command framework included. */
  readonly harness: number;
  /** `fuzzPolicy` end to end: fast-check generation, engine, coverage. */
  readonly fuzz: number | null;
}

const ALL = Object.values(invariants);
/**
 * Sequences the engine replays, generated beforehand. Few enough to stay in cache, as a sequence
 * fast-check has just generated is while a campaign runs it.
 */
const SEQUENCES = 300;

export async function throughput(p: Policy, o: ThroughputOptions): Promise<Throughput> {
  const config = o.config ?? DEFAULT_CONFIG;
  const maxOps = o.maxOps ?? 24;
  const checker = makeChecker(ALL);
  const seqs = fc.sample(opsArb({ config, maxOps }), { seed: o.seed, numRuns: SEQUENCES });
  const logs: Op[][] = [];
  if (o.hand) handLoop(o.seed, SEQUENCES, checker, p, { config, maxOps, onRun: (ops) => logs.push(ops) });

  const engineOn = (s: readonly Op[][]) => () => {
    let steps = 0;
    for (const ops of s) steps += run(p, ops, { config, checker }).steps;
    return steps;
  };
  let handSeed = o.seed;
  const hand = () => handLoop(handSeed++, 200, checker, p, { config, maxOps }).steps;
  const counter = { steps: 0 };
  const prop = harnessProperty(p, checker, counter, { config, maxCommands: maxOps });
  let fcSeed = o.seed;
  const harness = () => {
    const before = counter.steps;
    fc.check(prop, { seed: fcSeed++, numRuns: 500 });
    return counter.steps - before;
  };
  let fuzzSeed = o.seed;
  const fuzz = async () => {
    const r = await fuzzPolicy(p, { seed: fuzzSeed++, runs: 500, config, gen: { maxOps } });
    return r.coverage.steps;
  };

  const rounds: Throughput[] = [];
  for (let i = 0; i <= o.rounds; i++) {
    // Round 0 warms every contender up (the JIT) and is not kept.
    const s = i === 0 ? Math.min(0.2, o.seconds) : o.seconds;
    rounds.push({
      engine: stepsPerSec(engineOn(seqs), s),
      engineSame: o.hand ? stepsPerSec(engineOn(logs), s) : null,
      hand: o.hand ? stepsPerSec(hand, s) : null,
      harness: stepsPerSec(harness, s),
      fuzz: o.fuzz === true ? await stepsPerSecAsync(fuzz, s) : null,
    });
  }
  const kept = rounds.slice(1);
  const med = (f: (t: Throughput) => number | null) => {
    const xs = kept.map(f).filter((x): x is number => x !== null);
    return xs.length === 0 ? null : median(xs);
  };
  return {
    engine: med((t) => t.engine) as number,
    engineSame: med((t) => t.engineSame),
    hand: med((t) => t.hand),
    harness: med((t) => t.harness) as number,
    fuzz: med((t) => t.fuzz),
  };
}
