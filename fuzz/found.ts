import type { Op, Violation, WorldConfig } from '../model/index.ts';

/** A violation found, shrunk, and replayed to its executed ops. @category Fuzzing and traces */
export interface Found {
  /** The violation, as the shrunk counterexample shows it. */
  readonly violation: Violation;
  /** The shrunk counterexample: only ops that ran. */
  readonly ops: readonly Op[];
  /** Length of the sequence that first failed, before shrinking (executed ops). */
  readonly originalLength: number;
  /** fast-check seed and path reproducing it (under `mask`). */
  readonly fcSeed: number;
  /** fast-check's replay path of the counterexample. */
  readonly fcPath: string;
  /** Shrinking steps taken. */
  readonly shrinks: number;
  /** Runs of its phase until the first failure. */
  readonly runsToFind: number;
  /** Codes masked when it was found. */
  readonly mask: readonly string[];
  /** Set when the guided phase found it: the mutant's number in that phase (its replay, with the campaign seed). */
  readonly guided?: { readonly mutant: number };
  /** Set when a phase of `Policy.phases` found it: the phase's name and the world settings it ran under. */
  readonly phase?: { readonly name: string; readonly config: WorldConfig };
}
