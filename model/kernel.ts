import { EventLog } from './events.ts';
import { type Frame, newFrame } from './frame.ts';
import type { ContextId, ObjectId } from './ids.ts';
import { KERNEL_PROGRAMS } from './kernel-programs.ts';
import type { Policy } from './policy.ts';
import { CALL } from './program.ts';
import type { Obj, World } from './world.ts';

/**
 * The handle a step receives: the world, the running context and frame, and the step's event log.
 * Not part of the world's state (it is rebuilt for every run); primitives are free functions taking
 * it as their first argument, as kernel functions take their device or object.
 */
export class Kernel {
  readonly w: World;
  readonly policy: Policy;
  readonly ev = new EventLog();
  /** Objects a primitive changed during this step; the checker re-examines only these. */
  readonly touched: ObjectId[] = [];
  /** The context running the current step. */
  ctx: ContextId = 0 as ContextId;
  /** A frame `call` prepared for the engine to push. */
  pending: Frame | null = null;
  /** `program:step` running now (lockdep records where each dependency was first seen). */
  where = '';

  constructor(w: World, policy: Policy) {
    this.w = w;
    this.policy = policy;
  }

  /** Records an event of the current step. */
  emit(kind: number, obj: number, a: number, b: number, c: number, d = 0): void {
    this.ev.push(kind, this.ctx, obj, a, b, c, d);
  }

  /** Marks an object as changed in this step. */
  touch(o: Obj): void {
    if (o.touched !== this.w.step) {
      o.touched = this.w.step;
      this.touched.push(o.id);
    }
  }

  /** Runs another program of the policy in this context; return the result from the step. */
  call(prog: string, obj: number, vm: number, arg: number): number {
    if (this.policy.programs[prog] === undefined && KERNEL_PROGRAMS[prog] === undefined) {
      // A policy bug, not a model state: the policy names a program it does not define.
      throw new Error(`policy ${this.policy.name} calls unknown program ${prog}`);
    }
    this.pending = newFrame(prog, obj, vm, arg);
    return CALL;
  }

  /** Starts a fresh step: clears the per-step event log and touched set. */
  beginStep(ctx: ContextId): void {
    this.w.step++;
    this.ctx = ctx;
    this.ev.n = 0;
    // `length = 0` is a runtime call in V8; popping the one or two entries is inlined.
    const t = this.touched;
    while (t.length > 0) t.pop();
  }
}
