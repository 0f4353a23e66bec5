import { type Op, type Policy, type RunResult, run, type WorldConfig } from '../model/index.ts';
import { type InvariantCode, invariants, makeChecker } from '../properties/index.ts';

/** Which invariants `checkOps` checks, under which world settings and step limit. @category Fuzzing and traces */
export interface CheckOptions {
  /** Check only these invariants (default: all). */
  readonly only?: readonly InvariantCode[];
  /** Do not check these. */
  readonly mask?: readonly InvariantCode[];
  /** World settings (default `DEFAULT_CONFIG`). */
  readonly config?: WorldConfig;
  /** Steps after which the run counts as hung. */
  readonly maxSteps?: number;
}

/**
 * Runs one op sequence against the invariants: the building block of tests and scenarios.
 * @category Fuzzing and traces
 */
export function checkOps(policy: Policy, ops: readonly Op[], opts: CheckOptions = {}): RunResult {
  const all = Object.values(invariants).filter(
    (i) => opts.only === undefined || opts.only.includes(i.code as InvariantCode),
  );
  const checker = makeChecker(all, { mask: new Set(opts.mask ?? []) });
  return run(policy, ops, { config: opts.config, checker, maxSteps: opts.maxSteps });
}
