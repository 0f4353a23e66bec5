import { executedOps, record } from '../fuzz/index.ts';
import type { Op, Platform, Policy, Violation, WorldConfig } from '../model/index.ts';
import type { H64 } from './fingerprint.ts';
import { type PolicySource, parallelSearch, type SearchPool } from './parallel.ts';
import {
  type Bounds,
  type Budget,
  boundedConfig,
  noStats,
  type SearchStats,
  type StopReason,
  search,
} from './search.ts';

/** A shortest violation, replayed: what the reports and the trace need. */
export interface Proven {
  readonly violation: Violation;
  /** The ops that ran: no sequence of fewer ops (within the bounds) breaks this invariant. */
  readonly ops: readonly Op[];
  /** Steps of the run, drain included. */
  readonly steps: number;
  /** Codes masked when it was found (each found code is masked, then the search runs again). */
  readonly mask: readonly string[];
}

/** A search's budgets, and the worker threads to search on (`--workers N`; absent: this thread). */
export interface VerifyBudget extends Budget {
  /**
   * The pool and where its workers load the policy from. A parallel search runs without
   * partial-order reduction (sleep sets belong to one thread): the same states, transitions and
   * verdicts as one thread by default (without `--por`).
   */
  readonly workers?: { readonly pool: SearchPool; readonly source: PolicySource } | undefined;
}

export interface VerifyResult {
  readonly policy: string;
  readonly bounds: Bounds;
  readonly config: WorldConfig;
  readonly found: readonly Proven[];
  /** Totals over every search (one per violation kind found, and the last one). */
  readonly stats: SearchStats;
  /** Why the last search stopped before covering the bound, or null: it covered it. */
  readonly stopped: StopReason | null;
}

/**
 * Verifies a policy within bounds: a search; on a violation, its code is masked and the search runs
 * again (as fuzzing masks and searches on), so every kind of violation within the bound is reported
 * once, each with its shortest counterexample. Budgets are shared by the searches.
 */
export async function verifyPolicy(
  policy: Policy,
  bounds: Bounds,
  h64: H64,
  budget: VerifyBudget = {},
  /** The machine to verify on, when not the one the policy's config names (`--platform`). */
  platform?: Platform,
): Promise<VerifyResult> {
  const config = boundedConfig(policy, bounds, platform);
  const mask = new Set<string>();
  const found: Proven[] = [];
  const total = noStats();
  const start = Date.now();
  for (;;) {
    const done = { ...total };
    const left: Budget = {
      maxStates: budget.maxStates === undefined ? undefined : budget.maxStates - done.states,
      timeMs: budget.timeMs === undefined ? undefined : budget.timeMs - (Date.now() - start),
      shouldStop: budget.shouldStop,
      split: budget.split,
      por: budget.por,
      onProgress: (s) => budget.onProgress?.(add(done, s, start)),
    };
    const w = budget.workers;
    const r =
      w === undefined
        ? await search(policy, bounds, h64, mask, left, config)
        : await parallelSearch(w.pool, policy, w.source, bounds, h64, mask, left, config);
    Object.assign(total, add(done, r.stats, start));
    if (r.found === null) return { policy: policy.name, bounds, config, found, stats: total, stopped: r.stopped };
    const rec = record(policy, r.found.ops, { config, mask });
    const violation = rec.result.violation;
    // The search found it on these very steps: a replay that does not fail is a checker bug.
    if (violation === null || violation.code !== r.found.code) {
      throw new Error(`${policy.name}: the shortest ${r.found.code} counterexample does not replay`);
    }
    found.push({ violation, ops: executedOps(rec), steps: rec.result.steps, mask: [...mask] });
    mask.add(violation.code);
  }
}

function add(done: SearchStats, s: SearchStats, start: number): SearchStats {
  return {
    states: done.states + s.states,
    transitions: done.transitions + s.transitions,
    depth: Math.max(done.depth, s.depth),
    frontier: s.frontier,
    elapsedMs: Date.now() - start,
    visitedBytes: Math.max(done.visitedBytes, s.visitedBytes),
    slept: (done.slept ?? 0) + (s.slept ?? 0),
  };
}
