import {
  type ContextId,
  type Event,
  type Op,
  type Policy,
  type RunResult,
  run,
  type TraceSink,
  type World,
  type WorldConfig,
} from '../model/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';

/** One executed step, as a report shows it. @category Fuzzing and traces */
export interface StepRecord {
  /** Index into `RecordedRun.ops` of the op this step belongs to (drain-time ops included). */
  readonly op: number;
  /**
   * Index into `RecordedRun.ops` of the op that started the program this step's context runs: the
   * same as `op`, except after a `resume` or while draining, where it names the op being finished.
   */
  readonly owner: number;
  readonly ctx: ContextId;
  readonly prog: string;
  readonly label: string;
  readonly events: readonly Event[];
  /** `world.step` after the step. */
  readonly step: number;
}

/**
 * A run replayed with recording on: the ops that ran (skipped ones dropped) and every step.
 * @category Fuzzing and traces
 */
export interface RecordedRun {
  /** Ops that started, in order; drain-time ops (the GPU completing jobs) are marked `drain`. */
  readonly ops: readonly { readonly op: Op; readonly input: number; readonly drain: boolean }[];
  /** Indices of the input ops that were skipped (precondition failed, no idle context). */
  readonly skipped: readonly number[];
  readonly steps: readonly StepRecord[];
  readonly result: RunResult;
}

export interface ReplayOptions {
  readonly config?: WorldConfig | undefined;
  /** Codes not checked (as when the violation was found). */
  readonly mask?: ReadonlySet<string> | undefined;
  /** Called after each step with the world as the step left it (reports diff consecutive states). */
  readonly onStep?: ((w: World, s: StepRecord) => void) | undefined;
}

/** Replays an op sequence, recording what ran. @category Fuzzing and traces */
export function record(policy: Policy, ops: readonly Op[], opts: ReplayOptions = {}): RecordedRun {
  const started: { op: Op; input: number; drain: boolean }[] = [];
  const steps: StepRecord[] = [];
  const skipped: number[] = [];
  const owners: number[] = [];
  const sink: TraceSink = {
    op(index: number, op: Op, ok: boolean) {
      if (!ok) skipped.push(index);
      else {
        started.push({ op, input: index, drain: index < 0 });
        if (op.kind !== 'resume') owners[op.ctx] = started.length - 1;
      }
    },
    step(w: World, ctx: ContextId, prog: string, label: string, events: readonly Event[]) {
      const op = started.length - 1;
      const s: StepRecord = { op, owner: owners[ctx] ?? op, ctx, prog, label, events, step: w.step };
      steps.push(s);
      opts.onStep?.(w, s);
    },
  };
  const checker = makeChecker(Object.values(invariants), { mask: opts.mask });
  const result = run(policy, ops, { config: opts.config, checker, trace: sink });
  return { ops: started, skipped, steps, result };
}

/**
 * The input ops that actually started (what a counterexample needs; skipped ops did nothing).
 * @category Fuzzing and traces
 */
export function executedOps(r: RecordedRun): Op[] {
  return r.ops.filter((o) => !o.drain).map((o) => o.op);
}
