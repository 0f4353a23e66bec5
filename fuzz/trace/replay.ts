import { CONTEXTS, checkOpKinds, type Policy, type World } from '../../model/index.ts';
import { type RecordedRun, record, type StepRecord } from '../record.ts';
import { traceOps } from './save.ts';
import type { Trace } from './schema.ts';

/**
 * A trace replayed by `replayTrace`: the recorded run (its result holds the violation, if any) and
 * whether the ops still ran as written.
 * @category Fuzzing and traces
 */
export interface TraceReplay {
  /** The recorded run: its result, steps and events. */
  readonly rec: RecordedRun;
  /**
   * On the trace's own policy, the first op that did not run as recorded (skipped, or retargeted
   * to another target), said in one line; null when every op ran as written. A trace whose ops no
   * longer run is an impossible trace, not a pass.
   */
  readonly divergence: string | null;
}

/**
 * How `replayTrace` replays: with the trace's masked invariants checked too, and a per-step callback.
 * @category Fuzzing and traces
 */
export interface TraceReplayOptions {
  /** Check the invariants the trace masks too (a fixed policy must pass them all). Default false. */
  readonly unmasked?: boolean;
  /** Called after every step with the world and the step's record (reports diff the world here). */
  readonly onStep?: (w: World, s: StepRecord) => void;
}

/** A trace names an op kind its policy does not have, or runs one where it cannot run. @category Fuzzing and traces */
export class TraceKindError extends Error {}

/**
 * Replays a trace's explicit ops on a policy (its own, or another: a fix, a user's file).
 * @category Fuzzing and traces
 */
export function replayTrace(t: Trace, policy: Policy, opts: TraceReplayOptions = {}): TraceReplay {
  const ops = traceOps(t);
  // A kind neither built-in nor declared by this policy: one line (the CLI's exit 2), not a crash.
  const bad = checkOpKinds(policy, ops);
  if (bad !== null) throw new TraceKindError(bad);
  const mask = new Set<string>(opts.unmasked === true ? [] : t.mask);
  const rec = record(policy, ops, { config: t.config, mask, onStep: opts.onStep });
  return { rec, divergence: divergence(rec, ops) };
}

function divergence(rec: RecordedRun, ops: ReturnType<typeof traceOps>): string | null {
  const skipped = rec.skipped[0];
  const moved = rec.ops.find((o) => !o.drain && JSON.stringify(o.op) !== JSON.stringify(ops[o.input]));
  const first = Math.min(skipped ?? Number.POSITIVE_INFINITY, moved?.input ?? Number.POSITIVE_INFINITY);
  if (first === Number.POSITIVE_INFINITY) return null;
  const what =
    first === skipped ? 'cannot run (its precondition fails or its context is busy)' : 'runs on another target';
  const op = ops[first];
  const fields =
    op === undefined ? '' : ` (${op.kind} in ${CONTEXTS[op.ctx]}, obj ${op.obj}, vm ${op.vm}, arg ${op.arg})`;
  return `impossible step: op ${first + 1}${fields} ${what}`;
}
