import fc from 'fast-check';
import { fuzzPolicy } from '../fuzz/index.ts';
import type { GenOptions } from '../generators/index.ts';
import { configFor, type Op, type Policy, type WorldConfig } from '../model/index.ts';
import { expectsOn, platformsOf } from '../policies/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { executedCommands, HARNESS_OPS, harnessProperty, type Model, type Sut } from './fc-harness.ts';

/**
 * Time to bug: per seed, the wall time and the steps until the first failing run, the wall time
 * until the shrunk counterexample is in hand, and its length; for dmacheck (`fuzzPolicy`, which
 * also minimises) and for the `fc.commands` harness (fast-check's shrinking only).
 */
export interface Hunt {
  /** Found within the budget. */
  readonly found: boolean;
  /** Milliseconds until the first failing run. */
  readonly msToFirst: number;
  /** Milliseconds until the shrunk counterexample. */
  readonly msTotal: number;
  /** Steps executed until (and with) the first failing run. */
  readonly steps: number;
  /** Ops (dmacheck) or commands (harness) in the shrunk counterexample. */
  readonly shrunk: number;
  readonly code: string;
  /** dmacheck's shrunk ops (to tell whether the harness can express them); null for the harness. */
  readonly ops: readonly Op[] | null;
}

export interface HuntOptions {
  readonly config?: WorldConfig;
  /** Runs before giving up on a seed. */
  readonly runs: number;
  /** Seconds before giving up on a seed (the harness; dmacheck stops at `runs`). */
  readonly timeLimit: number;
  /** Generator options for dmacheck (the draw, ...). */
  readonly gen?: GenOptions;
}

export async function huntDmacheck(p: Policy, seed: number, o: HuntOptions): Promise<Hunt> {
  let first = Number.NaN;
  const t0 = performance.now();
  const r = await fuzzPolicy(p, {
    seed,
    runs: o.runs,
    maxViolations: 1,
    ...(o.config === undefined ? {} : { config: o.config }),
    ...(o.gen === undefined ? {} : { gen: o.gen }),
    onFailure: () => {
      first = performance.now();
    },
  });
  const t1 = performance.now();
  const f = r.found[0];
  return {
    found: f !== undefined,
    msToFirst: first - t0,
    msTotal: t1 - t0,
    steps: r.coverage.steps,
    shrunk: f?.ops.length ?? Number.NaN,
    code: f?.violation.code ?? '',
    ops: f?.ops ?? null,
  };
}

const ALL = Object.values(invariants);

export function huntHarness(p: Policy, seed: number, o: HuntOptions): Hunt {
  const checker = makeChecker(ALL);
  const counter = { steps: 0 };
  let first = Number.NaN;
  let steps = Number.NaN;
  const t0 = performance.now();
  const prop = harnessProperty(p, checker, counter, {
    ...(o.config === undefined ? {} : { config: o.config }),
    ...(o.gen === undefined ? {} : { gen: o.gen }),
    onFailure: () => {
      first = performance.now();
      steps = counter.steps;
    },
  });
  const d = fc.check(prop, { seed, numRuns: o.runs, interruptAfterTimeLimit: o.timeLimit * 1000 });
  const t1 = performance.now();
  const cex = d.failed && d.counterexample !== null ? (d.counterexample[0] as Iterable<fc.Command<Model, Sut>>) : null;
  const message = d.errorInstance instanceof Error ? d.errorInstance.message : '';
  return {
    found: cex !== null,
    msToFirst: first - t0,
    msTotal: t1 - t0,
    steps: cex === null ? counter.steps : steps,
    shrunk: cex === null ? Number.NaN : executedCommands(p, checker, cex, o.config),
    code: message.slice(0, message.indexOf(':')),
    ops: null,
  };
}

/** Why the harness cannot express a counterexample (an op it has no command for, a preemption), or null. */
export function harnessGap(ops: readonly Op[]): string | null {
  const kinds = [...new Set(ops.map((op) => op.kind))].filter((k) => !(HARNESS_OPS as readonly string[]).includes(k));
  if (kinds.length > 0) return `needs ${kinds.join(', ')}`;
  if (ops.some((op) => op.run > 0)) return 'needs preemption';
  return null;
}

/** One contender's hunts over the seeds, or why it did not take part. */
export interface Hunts {
  readonly hunts: readonly Hunt[];
  /** Set when the contender cannot express the bug. */
  readonly na: string | null;
}

/** dmacheck and the harness on one buggy policy, over `seeds` seeds (1..seeds). */
export async function huntBoth(p: Policy, seeds: number, o: HuntOptions): Promise<{ dmacheck: Hunts; harness: Hunts }> {
  const d: Hunt[] = [];
  for (let s = 1; s <= seeds; s++) d.push(await huntDmacheck(p, s, o));
  const gaps = d.filter((h) => h.ops !== null).map((h) => harnessGap(h.ops as Op[]));
  const na = gaps.length > 0 && !gaps.includes(null) ? (gaps[0] as string) : null;
  const h: Hunt[] = [];
  if (na === null) for (let s = 1; s <= seeds; s++) h.push(huntHarness(p, s, o));
  return { dmacheck: { hunts: d, na: null }, harness: { hunts: h, na } };
}

/** When a campaign found each code: milliseconds from its start, or Infinity when it did not. */
export type CodeTimes = Readonly<Record<string, number>>;

/**
 * Where to hunt a policy's bugs: the machine (of those its driver runs on) where it declares the
 * most codes (`Policy.onlyOn`), the one its config names on a tie; with that machine's codes. A bug
 * that shows on SEV only is hunted on SEV.
 */
export function huntWhere(p: Policy): { config: WorldConfig; codes: readonly string[] } {
  const config = configFor(p);
  let codes = config.platform === undefined ? p.expects : expectsOn(p, config.platform.name);
  let best = config;
  for (const m of platformsOf(p)) {
    const mine = expectsOn(p, m.name);
    if (mine.length > codes.length) {
      codes = mine;
      best = configFor(p, { platform: m });
    }
  }
  return { config: best, codes };
}

/**
 * Time to every declared code: one full campaign (`npm run fuzz`'s budget per phase, `runs`),
 * timed from its start to each code's minimised counterexample, stopped once every declared code
 * is in hand. `guided: 0` is the random phase alone (before), undefined the default guided phase
 * (after); the policy's own phases run in both.
 */
export async function huntCodes(p: Policy, seed: number, runs: number, guided?: number): Promise<CodeTimes> {
  const where = huntWhere(p);
  const at: Record<string, number> = Object.fromEntries(where.codes.map((c) => [c, Number.POSITIVE_INFINITY]));
  const t0 = performance.now();
  await fuzzPolicy(p, {
    seed,
    runs,
    config: where.config,
    chunk: 250,
    ...(guided === undefined ? {} : { guided }),
    onFound: (f) => {
      at[f.violation.code] = performance.now() - t0;
    },
    shouldStop: () => where.codes.every((c) => Number.isFinite(at[c] ?? Number.POSITIVE_INFINITY)),
  });
  return at;
}
