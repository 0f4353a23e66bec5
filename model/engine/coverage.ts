import { CONTEXTS, OP_KINDS } from '../core/index.ts';

/**
 * What a campaign exercised, so a clean run can be told apart from a vacuous one. The engine counts
 * runs, steps, ops and steps per context; the checker counts, for each invariant, how often the
 * situation it guards arose (its "guard").
 * @category Engine
 */
export interface Coverage {
  /** Runs made. */
  runs: number;
  /** Steps executed. */
  steps: number;
  /** Ops skipped because their precondition did not hold or their context was busy. */
  skipped: number;
  /** Ops started, per kind: every built-in kind, then a policy's own kinds as they run. */
  ops: Record<string, number>;
  /** Steps per context, indexed by context id. */
  ctxSteps: number[];
  /** Per invariant code, how often the situation it guards arose. */
  guards: Record<string, number>;
  /**
   * Finer counts inside a guard, keyed `CODE: what` (an invariant's `guard.detail`), e.g.
   * `SYNC-LIVE: dma_sync_sg_for_cpu on DMA_TO_DEVICE`: which variety of the guarded situation arose,
   * so a test can show that a documented pattern (a TX buffer synced for the CPU) really ran.
   */
  details: Record<string, number>;
  /**
   * Program steps run, per program name: `pcs[prog][pc]` counts the runs of the step at `pc`
   * (AFL's edge map, at the granularity of a program's atomic steps).
   */
  pcs: Record<string, number[]>;
  /** How many distinct program steps have run at least once (the non-zero entries of `pcs`). */
  reached: number;
}

/** All-zero coverage counters, to pass to `run` (or a campaign) and read back afterwards. @category Engine */
export function newCoverage(): Coverage {
  return {
    runs: 0,
    steps: 0,
    skipped: 0,
    ops: Object.fromEntries(OP_KINDS.map((k) => [k, 0])),
    ctxSteps: CONTEXTS.map(() => 0),
    guards: {},
    details: {},
    pcs: {},
    reached: 0,
  };
}
