import type { Event, EventKind, Obj, World } from '../model/index.ts';

/** A check on one event of the step: a message when the event breaks the rule, else null. @category Invariants */
export type EventCheck = (w: World, e: Event) => string | null;
/** A check on one object the step changed. @category Invariants */
export type ObjectCheck = (w: World, o: Obj) => string | null;

/**
 * An invariant: a stable code (KERNEL.md §3), a one-line statement, the kernel source of the rule,
 * and its checks, run after every step on what the step did (events) and changed (objects).
 * @category Invariants
 */
export interface Invariant {
  /** Stable code (`MAP-SINGLE`): reports, `expects` and traces use it. */
  readonly code: string;
  /** The rule in one line. */
  readonly summary: string;
  /** Kernel doc path, commit id or mailing-list thread the rule comes from. */
  readonly source: string;
  /**
   * A symptom of another invariant's violation, reachable only under small limits (an IOVA space or
   * a debug table of a few entries): its own starvation test exercises it, not the default campaign.
   */
  readonly diagnostic?: boolean;
  /** Checks run on each recorded event of these kinds. */
  readonly events?: Readonly<Partial<Record<EventKind, EventCheck>>>;
  /** Check run on every object a step touched. */
  readonly object?: ObjectCheck;
  /**
   * The situation the invariant guards, counted for coverage: a clean run that never reached it
   * says nothing about the invariant.
   */
  readonly guard?: Guard;
}

export interface Guard {
  /** What is counted, for the coverage table. */
  readonly describe: string;
  readonly events?: Readonly<Partial<Record<EventKind, (w: World, e: Event) => boolean>>>;
  readonly object?: (w: World, o: Obj) => boolean;
  /**
   * Which variety of the situation an event guard hit (counted in `Coverage.details` under
   * `CODE: what`); absent when the guard has no finer kinds.
   */
  readonly detail?: (w: World, e: Event) => string;
}
