import {
  type ContextId,
  type Coverage,
  newCoverage,
  type Op,
  type Policy,
  run,
  type TraceSink,
  type World,
  type WorldConfig,
} from '../model/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import type { Corpus } from './corpus.ts';
import { coverageFeatures, FEATURE, type FeatureKind, feature, kindOf, Names, stateFeatures } from './features.ts';
import type { Found } from './found.ts';
import { minimise } from './minimise.ts';
import { mutator } from './mutate.ts';
import { Prng } from './prng.ts';
import { executedOps, record } from './record.ts';

/**
 * The coverage-guided phase, after the random one (syzkaller's and AFL's loop): replay the
 * sequences the random phase kept (`Corpus`), then mutate them (`mutator`), keeping each mutant
 * that reaches a feature (`features.ts`) no kept sequence reached, until the budget of runs is
 * spent. Each run is traced cheaply for the features a run's final state cannot show: every switch
 * of context between two program steps, and the abstract state at the start of every op. A mutant
 * that breaks an invariant is minimised and reported as the random phase reports its finds (the same
 * pass, `minimise`; the code is then masked); its replay is the campaign seed and the mutant's
 * number, and its trace the ops that ran. Everything draws from one PRNG seeded from the campaign
 * seed: the same seed gives the same mutants.
 */
export interface GuidedOptions {
  /** The campaign seed. */
  readonly seed: number;
  /** Runs of the phase: the kept sequences' replays, then mutants. */
  readonly runs: number;
  /** Longest mutant (as `--max-ops`). */
  readonly maxOps: number;
  readonly config: WorldConfig;
  /** Codes already found: not reported again; a code found here is added. */
  readonly mask: Set<string>;
  /** Stop after this many finds. */
  readonly maxViolations: number;
  /** What the random phase covered, to tell what this phase adds. */
  readonly random: Coverage;
  /** Polled between chunks of runs; true ends the phase. */
  readonly shouldStop?: (() => boolean) | undefined;
  /** Called when a mutant first fails, before minimising (benchmarks time the two apart). */
  readonly onFailure?: (() => void) | undefined;
  /** Called with each violation kind found, once minimised. */
  readonly onFound?: ((f: Found) => void) | undefined;
}

/** What the guided phase did and reached beyond the random phase. @category Fuzzing and traces */
export interface GuidedStats {
  /** Runs made: replays of the random phase's kept sequences, then mutants. */
  readonly runs: number;
  /** Sequences the random phase kept. */
  readonly seeds: number;
  /** Mutants kept for reaching a feature no kept sequence had reached. */
  readonly kept: number;
  /** New features per kind, beyond those of the random phase's kept sequences. */
  readonly features: Readonly<Record<FeatureKind, number>>;
  /** Program steps no random run reached, reached by a mutant. */
  readonly steps: number;
  /** Invariant guards no random run met, met by a mutant. */
  readonly guards: readonly string[];
  /** Lock dependencies (lockdep's edges) no random run's world held, seen by a mutant. */
  readonly lockDeps: number;
  /** `shouldStop` ended the phase early. */
  readonly interrupted: boolean;
}

const ALL = Object.values(invariants);
const CHUNK = 250;

/** The guided phase's PRNG seed, from the campaign seed. */
export function guidedSeed(seed: number): number {
  return (seed ^ 0x6a09e667) | 0;
}

/** Runs the guided phase on `corpus`; returns its finds, what it reached, and its coverage. */
export async function guidedPhase(
  policy: Policy,
  corpus: Corpus,
  o: GuidedOptions,
): Promise<{ found: Found[]; stats: GuidedStats; coverage: Coverage }> {
  const { config, mask } = o;
  const rng = new Prng(guidedSeed(o.seed));
  const mut = mutator(policy, config, o.maxOps, rng);
  const names = new Names();
  const seen = new Set<number>();
  const fs = new Set<number>();
  const total = newCoverage();
  const one = newCoverage();
  let checker = makeChecker(ALL, { mask, coverage: one });
  const queue: Op[][] = [];
  const found: Found[] = [];
  const added = Object.fromEntries(Object.keys(FEATURE).map((k) => [k, 0])) as Record<FeatureKind, number>;
  let kept = 0;
  let runs = 0;
  let interrupted = false;
  // The trace sink: the ops that ran, each switch of context between two steps, the state at each op start.
  const executed: Op[] = [];
  let world: World | null = null;
  let prevCtx = -1;
  let prevStep = 0;
  const sink: TraceSink = {
    op(index: number, op: Op, started: boolean) {
      if (started && index >= 0) executed.push(op);
      if (world !== null) stateFeatures(world, fs);
    },
    step(w: World, ctx: ContextId, prog: string, label: string) {
      world = w;
      const id = names.step(prog, label);
      if (prevCtx !== -1 && prevCtx !== ctx) fs.add(feature('switch', (prevStep % 4096) * 4096 + (id % 4096)));
      prevCtx = ctx;
      prevStep = id;
    },
  };

  /** Runs `ops`; true when it reached a new feature (then counted in `added` when `count`). */
  const exec = (ops: readonly Op[], n: number, count: boolean): boolean => {
    resetCoverage(one);
    fs.clear();
    executed.length = 0;
    world = null;
    prevCtx = -1;
    runs++;
    const r = run(policy, ops, { config, checker, coverage: one, trace: sink });
    addCoverage(total, one);
    if (r.violation !== null) {
      o.onFailure?.();
      report(ops, r.violation.code, n);
      return false;
    }
    coverageFeatures(one, names, fs);
    stateFeatures(r.world, fs);
    let novel = false;
    for (const f of fs) {
      if (seen.has(f)) continue;
      seen.add(f);
      novel = true;
      if (count) added[kindOf(f)]++;
    }
    return novel;
  };

  const report = (ops: readonly Op[], code: string, n: number): void => {
    const first = executedOps(record(policy, ops, { config, mask }));
    const min = minimise(policy, first, code, mask, config);
    const rec = record(policy, min.ops, { config, mask });
    const violation = rec.result.violation;
    if (violation === null) throw new Error(`${policy.name}: minimised mutant does not replay`);
    found.push({
      violation,
      ops: executedOps(rec),
      originalLength: first.length,
      fcSeed: guidedSeed(o.seed),
      fcPath: '',
      shrinks: min.tries,
      runsToFind: n,
      mask: [...mask],
      guided: { mutant: n },
    });
    mask.add(violation.code);
    o.onFound?.(found[found.length - 1] as Found);
    checker = makeChecker(ALL, { mask, coverage: one });
  };

  // Calibration: the random phase's kept sequences, replayed as the ops that ran.
  for (const ops of corpus.entries) {
    if (runs >= o.runs || found.length >= o.maxViolations) break;
    exec(ops, runs + 1, false);
    if (executed.length > 0) queue.push([...executed]);
  }
  const seeds = queue.length;
  while (runs < o.runs && found.length < o.maxViolations && queue.length > 0) {
    if (runs % CHUNK === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (o.shouldStop?.() === true) {
        interrupted = true;
        break;
      }
    }
    // Recent finds first half the time (AFL favours new queue entries), else any kept sequence.
    const base =
      rng.below(2) === 0
        ? queue[queue.length - 1 - rng.below(Math.min(8, queue.length))]
        : queue[rng.below(queue.length)];
    const mutant = mut.mutate(base as Op[], queue);
    if (exec(mutant, runs + 1, true) && executed.length > 0) {
      queue.push([...executed]);
      kept++;
    }
  }
  const guards = Object.keys(total.guards).filter((g) => (total.guards[g] ?? 0) > 0 && (o.random.guards[g] ?? 0) === 0);
  let steps = 0;
  for (const prog in total.pcs) {
    const mine = total.pcs[prog] as number[];
    const theirs = o.random.pcs[prog];
    mine.forEach((n, pc) => {
      if (n > 0 && (theirs?.[pc] ?? 0) === 0) steps++;
    });
  }
  return {
    found,
    stats: { runs, seeds, kept, features: added, steps, guards, lockDeps: added.lockDep, interrupted },
    coverage: total,
  };
}

/** Zeroes a run's coverage in place (the checker holds its `guards` and `details`). */
function resetCoverage(c: Coverage): void {
  c.runs = 0;
  c.steps = 0;
  c.skipped = 0;
  c.reached = 0;
  for (const k in c.ops) c.ops[k] = 0;
  c.ctxSteps.fill(0);
  for (const k in c.guards) c.guards[k] = 0;
  for (const k in c.details) delete c.details[k];
  for (const p in c.pcs) (c.pcs[p] as number[]).fill(0);
}

/** Adds one run's coverage `c` into `total`. */
function addCoverage(total: Coverage, c: Coverage): void {
  total.runs += c.runs;
  total.steps += c.steps;
  total.skipped += c.skipped;
  for (const k in c.ops) total.ops[k] = (total.ops[k] ?? 0) + (c.ops[k] as number);
  c.ctxSteps.forEach((n, i) => {
    total.ctxSteps[i] = (total.ctxSteps[i] ?? 0) + n;
  });
  for (const k in c.guards) total.guards[k] = (total.guards[k] ?? 0) + (c.guards[k] as number);
  for (const k in c.details) total.details[k] = (total.details[k] ?? 0) + (c.details[k] as number);
  for (const p in c.pcs) {
    const src = c.pcs[p] as number[];
    total.pcs[p] ??= new Array<number>(src.length).fill(0);
    const dst = total.pcs[p] as number[];
    src.forEach((n, pc) => {
      if (n === 0) return;
      if (dst[pc] === 0) total.reached++;
      dst[pc] = (dst[pc] as number) + n;
    });
  }
}
