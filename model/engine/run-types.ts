import type { ContextId, Event, Kernel, World, WorldConfig } from '../core/index.ts';
import type { Coverage } from './coverage.ts';
import type { Op } from './ops.ts';

/** What a run is given and gives back, and what it reports: the engine's data, apart from its loop. */

/** What an invariant check reports. @category Engine */
export interface Finding {
  /** The invariant's code. */
  readonly code: string;
  /** What happened, naming the entities. */
  readonly message: string;
  /** The object the violation is about, or NONE. */
  readonly obj: number;
  /** The page it is about, when the event that broke the rule names one (`PAGE_EVENTS`). */
  readonly page?: number;
}

/** A finding, placed in the run. @category Engine */
export interface Violation extends Finding {
  /** Global step (`world.step`) at which it was seen. */
  readonly step: number;
  /** Index of the op that was running in the input sequence; NONE during the final drain. */
  readonly opIndex: number;
  /** The context whose step broke the invariant. */
  readonly ctx: ContextId;
}

/** The invariants, as the engine sees them. @category Engine */
export interface Checker {
  /** Runs after every step that did something. Returns the first violation, or null. */
  afterStep(k: Kernel): Finding | null;
  /**
   * Whether a code is masked (already reported). The engine asks it of the codes it finds itself
   * (DEADLOCK, HANG, WARN-ON): a masked one still ends the run, which cannot go on past it, but as
   * no violation.
   */
  masks?(code: string): boolean;
}

/** Receives the run as it happens, for reports. Absent in fuzzing, where it would cost. @category Engine */
export interface TraceSink {
  /** An op of the input was started (`started`) or skipped. `index` is NONE for drain-time ops. */
  op(index: number, op: Op, started: boolean): void;
  /** A step ran: its context, the program and step label, and the events it recorded. */
  step(w: World, ctx: ContextId, prog: string, label: string, events: readonly Event[]): void;
}

/**
 * How `run` checks one op sequence: the world settings, the invariants (`checker`), optional
 * coverage counters and a trace sink for reports.
 * @category Engine
 */
export interface RunOptions {
  /** World settings (default `DEFAULT_CONFIG`). */
  readonly config?: WorldConfig | undefined;
  /** The invariants to check after every step (`makeChecker`). */
  readonly checker: Checker;
  /** Counters to add this run's coverage to. */
  readonly coverage?: Coverage | undefined;
  /** Receives every op and step, for reports. */
  readonly trace?: TraceSink | undefined;
  /** Steps after which a run is declared hung (a program that loops for ever). */
  readonly maxSteps?: number | undefined;
}

/** The outcome of `run`: the first violation (or null), the steps executed and the final world. @category Engine */
export interface RunResult {
  /** The first violation, or null when the run was clean. */
  readonly violation: Violation | null;
  /** Steps executed. */
  readonly steps: number;
  /** The world after the run. */
  readonly world: World;
}

/** Codes the engine reports itself, beside the invariants' own. @category Engine */
export const ENGINE_CODES = { DEADLOCK: 'DEADLOCK', HANG: 'HANG', WARN_ON: 'WARN-ON' } as const;
