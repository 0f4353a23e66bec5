import fc from 'fast-check';
import { ChoiceRunner, choicesArb, type GenOptions, optionsFor } from '../generators/index.ts';
import {
  type Coverage,
  configFor,
  Engine,
  newCoverage,
  type Op,
  type Platform,
  type Policy,
  PolicyError,
  type RunOptions,
  run,
  type WorldConfig,
} from '../model/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { Corpus } from './corpus.ts';
import type { Found } from './found.ts';
import { type GuidedStats, guidedPhase } from './guided.ts';
import { minimise } from './minimise.ts';
import { executedOps, record } from './record.ts';
import { owns, type Shard } from './shard.ts';

export type { Found } from './found.ts';

/**
 * How `fuzzPolicy` searches: seed and budget, world settings, generator options, and the callbacks
 * the CLI uses for its progress bar and Ctrl-C.
 * @category Fuzzing and traces
 */
export interface FuzzOptions {
  /** Campaign seed: the same seed gives the same runs, counterexamples and output. */
  readonly seed: number;
  /** Runs per search phase (a phase ends at the first violation, which is then masked). */
  readonly runs: number;
  /** World settings (default: the policy's, `configFor`). */
  readonly config?: WorldConfig;
  /** Generator options (`maxOps`, ...). */
  readonly gen?: GenOptions;
  /** Stop after this many distinct violation codes (default: search until a phase runs clean). */
  readonly maxViolations?: number;
  /** Runs per fast-check call; between chunks the campaign yields (progress, Ctrl-C). */
  readonly chunk?: number;
  /** Called between chunks with the runs done so far and the violation kinds found. */
  readonly onProgress?: (runsDone: number, found: number) => void;
  /** Polled between chunks; true ends the campaign early, keeping what was found. */
  readonly shouldStop?: () => boolean;
  /** Called when a search phase first fails, before shrinking (benchmarks time the two apart). */
  readonly onFailure?: () => void;
  /**
   * A last, exhaustive shrinking pass (`verify`'s `bfsFinalPass`: a breadth-first search one op
   * shallower): given the minimised counterexample, a shorter sequence breaking the same invariant,
   * or null. It lives above the fuzzer, so the caller passes it in; without it, the local passes only.
   */
  readonly finalPass?: FinalPass;
  /**
   * Run only this shard's chunks (chunk k, counted across phases, when k mod count = index - 1),
   * skipping the others as if they ran clean: the shards of a clean campaign run exactly its chunks.
   */
  readonly shard?: Shard;
  /**
   * Runs of the coverage-guided phase after the random one (`guided.ts`); default a twentieth of
   * `runs`, 0 for none.
   */
  readonly guided?: number;
  /** Codes masked from the start (a phase of `Policy.phases` starts with the codes found before it). */
  readonly mask?: readonly string[];
  /** Search the policy's own `phases` after the main search (default true). */
  readonly phases?: boolean;
  /** Called with each violation kind found, once minimised (benchmarks time each code). */
  readonly onFound?: (f: Found) => void;
}

/**
 * A shrinking pass beyond the local ones (`FuzzOptions.finalPass`): for the counterexample `ops` of
 * `code` (found with `mask` masked, in the world of `config`), a shorter sequence, or null.
 * @category Fuzzing and traces
 */
export type FinalPass = (
  policy: Policy,
  ops: readonly Op[],
  code: string,
  mask: ReadonlySet<string>,
  config: WorldConfig,
) => Promise<readonly Op[] | null>;

/**
 * What a campaign found: each violation kind with its shrunk counterexample (`found`), the runs
 * made and what they exercised (`coverage`); `interrupted` when `shouldStop` ended it early.
 * @category Fuzzing and traces
 */
export interface FuzzResult {
  /** The policy's name. */
  readonly policy: string;
  /** The platform it ran on, when the config named one (absent: the machine `config.gpu` names). */
  readonly platform?: string;
  /** That platform's devices (reports name them; a user's platform file names its own). */
  readonly devices?: Platform['devices'];
  /** The campaign seed. */
  readonly seed: number;
  /** Runs executed, all phases, shrinking excluded. */
  readonly runs: number;
  /** Each violation kind found, with its shrunk counterexample. */
  readonly found: readonly Found[];
  /** What the runs exercised. */
  readonly coverage: Coverage;
  /** `shouldStop` ended the campaign early. */
  readonly interrupted: boolean;
  /** What the coverage-guided phase did and added; absent when it did not run. */
  readonly guided?: GuidedStats;
}

/** Seed of chunk `i` of a campaign: deterministic, well spread. @category Fuzzing and traces */
export function chunkSeed(seed: number, i: number): number {
  return (Math.imul(i + 1, 0x9e3779b1) ^ seed) | 0;
}

const ALL = Object.values(invariants);

/**
 * Fuzzes one policy: random choice sequences until a violation, shrink it, mask its code and
 * search on, so that every kind of violation is reported once.
 * @category Fuzzing and traces
 */
export async function fuzzPolicy(policy: Policy, opts: FuzzOptions): Promise<FuzzResult> {
  const config = opts.config ?? configFor(policy);
  const gen = optionsFor(policy, { ...opts.gen, config });
  // Each run is a choice sequence, interpreted against the ops enabled as it goes (generators/choices.ts).
  const arb = choicesArb(gen);
  const runner = new ChoiceRunner(policy, gen);
  /** Runs a choice sequence; the engine's outcome, its executed ops in `runner.ops()`. */
  const drive = (choices: readonly number[], ro: RunOptions): Engine => {
    const e = new Engine(policy, ro);
    runner.drive(e, choices);
    if (!e.stopped) e.drain();
    if (ro.coverage !== undefined) ro.coverage.runs++;
    return e;
  };
  const chunk = Math.max(1, opts.chunk ?? 1000);
  const coverage = newCoverage();
  const mask = new Set<string>(opts.mask);
  const found: Found[] = [];
  let runsDone = 0;
  let chunkNo = 0;
  let interrupted = false;
  let policyError: PolicyError | null = null;
  const corpus = new Corpus();
  const keptOps = () => runner.ops();
  search: while (found.length < (opts.maxViolations ?? Number.POSITIVE_INFINITY)) {
    // Coverage counts the search, not the shrinking: it stops at the phase's first failure, which
    // is also kept to report how long the sequence was before shrinking.
    let first: Op[] | null = null;
    const checker = makeChecker(ALL, { mask, coverage });
    const quiet = makeChecker(ALL, { mask });
    const prop = fc.property(arb, (choices) => {
      let r: Engine;
      try {
        r = drive(choices, first === null ? { config, checker, coverage } : { config, checker: quiet });
        if (first === null) corpus.observe(keptOps, r.w, coverage);
      } catch (e) {
        // A bug in the policy's own code is not a counterexample to shrink: stop, and report it.
        if (!(e instanceof PolicyError)) throw e;
        policyError ??= e;
        return true;
      }
      if (r.violation !== null && first === null) {
        first = runner.ops();
        opts.onFailure?.();
      }
      return r.violation === null;
    });
    let phaseRuns = 0;
    while (phaseRuns < opts.runs) {
      if (opts.shouldStop?.() === true) {
        interrupted = true;
        break search;
      }
      const mine = owns(opts.shard, chunkNo);
      const fcSeed = chunkSeed(opts.seed, chunkNo++);
      const numRuns = Math.min(chunk, opts.runs - phaseRuns);
      if (!mine) {
        phaseRuns += numRuns;
        continue;
      }
      const d = fc.check(prop, { seed: fcSeed, numRuns });
      if (policyError !== null) throw policyError;
      phaseRuns += d.failed ? d.numRuns : numRuns;
      runsDone += d.failed ? d.numRuns : numRuns;
      opts.onProgress?.(runsDone, found.length);
      await new Promise((resolve) => setImmediate(resolve));
      if (!d.failed) continue;
      if (d.counterexample === null) throw d.errorInstance;
      drive(d.counterexample[0], { config, checker: quiet });
      const shrunk = runner.ops();
      const code = run(policy, shrunk, { config, checker: quiet }).violation?.code;
      if (code === undefined) throw new Error(`${policy.name}: shrunk counterexample does not replay`);
      let min = minimise(policy, executedOps(record(policy, shrunk, { config, mask })), code, mask, config);
      const shorter = opts.finalPass === undefined ? null : await opts.finalPass(policy, min.ops, code, mask, config);
      // Kept only when it breaks the same invariant under this phase's mask (the pass may mask more).
      if (shorter !== null && shorter.length < min.ops.length) {
        const ran = record(policy, shorter, { config, mask });
        if (ran.result.violation?.code === code) {
          const polished = minimise(policy, executedOps(ran), code, mask, config);
          min = { ops: polished.ops, tries: min.tries + polished.tries };
        }
      }
      const rec = record(policy, min.ops, { config, mask });
      const violation = rec.result.violation;
      if (violation === null) throw new Error(`${policy.name}: minimised counterexample does not replay`);
      found.push({
        violation,
        ops: executedOps(rec),
        originalLength: executedOps(record(policy, first ?? shrunk, { config, mask })).length,
        fcSeed,
        fcPath: d.counterexamplePath ?? '',
        shrinks: d.numShrinks + min.tries,
        runsToFind: phaseRuns,
        mask: [...mask],
      });
      mask.add(violation.code);
      opts.onFound?.(found[found.length - 1] as Found);
      continue search;
    }
    break;
  }
  const maxViolations = opts.maxViolations ?? Number.POSITIVE_INFINITY;
  const guidedRuns = opts.guided ?? Math.ceil(opts.runs / 20);
  let guided: GuidedStats | undefined;
  if (!interrupted && guidedRuns > 0 && found.length < maxViolations) {
    const g = await guidedPhase(policy, corpus, {
      seed: opts.seed,
      runs: guidedRuns,
      maxOps: opts.gen?.maxOps ?? 24,
      config,
      mask,
      maxViolations: maxViolations - found.length,
      random: coverage,
      shouldStop: opts.shouldStop,
      onFailure: opts.onFailure,
      onFound: opts.onFound,
    });
    found.push(...g.found);
    guided = g.stats;
    interrupted = g.stats.interrupted;
  }
  let runs = runsDone;
  for (const phase of opts.phases === false ? [] : (policy.phases ?? [])) {
    if (interrupted || found.length >= maxViolations) break;
    const pc = { ...config, ...phase.config };
    // A phase needs only a small resource to starve, not a deeper search: a tenth of the runs, no guided phase.
    const r = await fuzzPolicy(policy, {
      ...opts,
      runs: Math.ceil(opts.runs / 10),
      guided: 0,
      config: pc,
      mask: [...mask],
      phases: false,
      maxViolations: maxViolations - found.length,
      onFound: (f) => opts.onFound?.({ ...f, phase: { name: phase.name, config: pc } }),
    });
    for (const f of r.found) {
      found.push({ ...f, phase: { name: phase.name, config: pc } });
      mask.add(f.violation.code);
    }
    runs += r.runs;
    interrupted = r.interrupted;
  }
  return {
    policy: policy.name,
    ...(config.platform === undefined ? {} : { platform: config.platform.name, devices: config.platform.devices }),
    seed: opts.seed,
    runs,
    found,
    coverage,
    interrupted,
    ...(guided === undefined ? {} : { guided }),
  };
}
