import {
  BLOCK,
  CALL,
  CONTEXTS,
  type ContextId,
  CTX,
  type Ctx,
  DONE,
  Kernel,
  KernelWarning,
  NONE,
  newFrame,
  type ObjectId,
  objAt,
  type Policy,
  PolicyError,
  type Program,
  type World,
} from '../core/index.ts';
import type { Coverage } from './coverage.ts';
import { createWorld } from './create.ts';
import { KERNEL_PROGRAMS } from './kernel-programs.ts';
import { type Op, type OpSpec, type OpSpecs, resolveOp } from './ops.ts';
import { opSpecsOf, opTablesOf } from './policy-ops.ts';
import {
  type Checker,
  ENGINE_CODES,
  type Finding,
  type RunOptions,
  type RunResult,
  type TraceSink,
  type Violation,
} from './run-types.ts';

/**
 * The step loop. A run is a pure function of (policy, ops, config): it starts each op's program in
 * the op's context, runs it for the op's step budget, checks every invariant after every step, and
 * at the end lets every preempted context finish (the GPU completing its jobs when nothing else can
 * move). It never prints; what it saw goes to the checker, the coverage and the optional trace.
 */

const STEPPED = 0;
const BLOCKED = 1;

/**
 * A run in progress: the world, the policy and the checker, with the calls that move it. `run`
 * drives it over an op sequence; the exhaustive search (verify/) drives it one op start and one
 * step at a time, on worlds it cloned (`Engine.on`).
 * @category Engine
 */
export class Engine {
  readonly w: World;
  readonly k: Kernel;
  readonly policy: Policy;
  readonly checker: Checker;
  readonly coverage: Coverage | undefined;
  readonly trace: TraceSink | undefined;
  readonly maxSteps: number;
  /** Per context, the programs of its stack's frames (engine-side cache of `policy.programs[f.prog]`). */
  readonly progs: Program[][];
  /** The op kinds' specs: the built-in table, extended by the policy's own ops (resolved once, here). */
  readonly specs: OpSpecs;
  opIndex = NONE;
  steps = 0;
  /** The last step returned from a called program. */
  returned = false;
  violation: Violation | null = null;
  /** The run ended at a finding (reported, or masked): nothing more runs. */
  stopped = false;
  /** The program whose step counters (`Coverage.pcs`) `hits` is. */
  private hitsOf: Program | null = null;
  private hits: number[] = [];

  /** A fresh world (`opts.config`), or `world` as it is: the engine takes it over and changes it. */
  constructor(policy: Policy, opts: RunOptions, world?: World) {
    this.w = world ?? createWorld(opts.config);
    this.k = new Kernel(this.w, policy);
    this.policy = policy;
    this.specs = opSpecsOf(policy);
    this.checker = opts.checker;
    this.coverage = opts.coverage;
    // A policy's own kinds are counted in declaration order, ran or not (none for most policies).
    const cov = opts.coverage;
    if (cov !== undefined) for (const k of opTablesOf(policy).own) if (cov.ops[k] === undefined) cov.ops[k] = 0;
    this.trace = opts.trace;
    this.maxSteps = opts.maxSteps ?? 100_000;
    this.progs = this.w.contexts.map((c) =>
      c.stack.map((f) => {
        const p = programFor(policy, f.prog);
        if (p === undefined) throw new Error(`policy ${policy.name} has no program ${f.prog}`);
        return p;
      }),
    );
  }

  /** An engine over an existing world (a state of the search): no coverage, no trace. */
  static on(policy: Policy, world: World, checker: Checker, maxSteps?: number): Engine {
    return new Engine(policy, { checker, maxSteps }, world);
  }

  /**
   * Starts `op` exactly as given (no retargeting), without running a step: false, changing
   * nothing, when it cannot start (its context is busy, its precondition fails, the policy lacks
   * its program). `resume` starts nothing: it is true when its context has work. The op's steps
   * then run with `runCtx`.
   */
  begin(op: Op, index: number): boolean {
    const w = this.w;
    const c = w.contexts[op.ctx];
    if (c === undefined) return false;
    const spec = this.specs[op.kind];
    if (spec === undefined) return false;
    if (op.kind === 'resume') return c.stack.length > 0;
    if (c.stack.length > 0 || !spec.ready(w, op)) return false;
    if (spec.needs !== undefined && this.policy.programs[spec.needs] === undefined) return false;
    this.opIndex = index;
    const cov = this.coverage;
    if (cov !== undefined) cov.ops[op.kind] = (cov.ops[op.kind] ?? 0) + 1;
    this.trace?.op(index, op, true);
    if (spec.lookup === true) {
      objAt(w, op.obj).refs++;
      c.ref = op.obj as ObjectId;
    }
    this.start(c, spec.program ?? op.kind, op.obj, op.vm, op.arg);
    return true;
  }

  /** Sets the op index violations are placed at (the search's depth). */
  at(index: number): void {
    this.opIndex = index;
  }

  /** Starts program `prog` on (`obj`, `vm`, `arg`) in context `c`, as an op would. */
  start(c: Ctx, prog: string, obj: number, vm: number, arg: number): void {
    const p = programFor(this.policy, prog);
    if (p === undefined) throw new Error(`policy ${this.policy.name} has no program for op ${prog}`);
    c.stack.push(newFrame(prog, obj, vm, arg));
    (this.progs[c.id] as Program[]).push(p);
    c.blocked = false;
  }

  /**
   * Runs up to `budget` steps of a context (0: until its op completes or blocks). A return from a
   * called program is not a preemption point: the caller's next step runs with it, so a check the
   * caller makes "when the callee returns" sees exactly the state the callee left.
   */
  runCtx(c: Ctx, budget: number): number {
    let n = 0;
    while (c.stack.length > 0 && (budget === 0 || n < budget || this.returned)) {
      if (this.step(c) === BLOCKED) break;
      n++;
      if (this.stopped) break;
    }
    return n;
  }

  /** Runs the next step of context `c`; returns whether it stepped or blocked. */
  step(c: Ctx): number {
    const k = this.k;
    const stack = c.stack;
    const progs = this.progs[c.id] as Program[];
    const depth = stack.length - 1;
    const f = stack[depth] as Frame;
    const p = progs[depth] as Program;
    const pc = f.pc;
    k.beginStep(c.id);
    k.where = p.wheres[pc] as string;
    this.returned = false;
    let r: ReturnType<Program['steps'][number]>;
    try {
      r = (p.steps[pc] as Program['steps'][number])(k, f);
    } catch (e) {
      return this.threw(e, c, p, pc);
    }
    if (r === BLOCK) {
      if (k.touched.length > 0) {
        throw new Error(`${this.policy.name}: step ${p.name}:${p.labels[pc]} changed state, then returned BLOCK`);
      }
      c.blocked = true;
      // The attempt may have told lockdep something (a dependency, a context flag): check it.
      if (k.ev.n > 0) {
        const found = this.checker.afterStep(k);
        if (found !== null) this.fail(found, c.id);
      }
      return BLOCKED;
    }
    c.blocked = false;
    if (r === undefined) f.pc = pc + 1;
    else if (typeof r === 'string') f.pc = jump(p, r);
    else if (r === DONE) f.pc = p.steps.length;
    else if (r === CALL) {
      f.pc = pc + 1;
      const callee = k.pending as Frame;
      k.pending = null;
      const next = programFor(this.policy, callee.prog);
      // A policy bug, not a model state: the policy names a program it does not define.
      if (next === undefined) throw new Error(`policy ${this.policy.name} calls unknown program ${callee.prog}`);
      stack.push(callee);
      progs.push(next);
    } else f.pc = r;
    // Pop every finished frame; a callee's return value goes to its caller.
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Frame;
      if (top.pc < (progs[progs.length - 1] as Program).steps.length) break;
      stack.pop();
      progs.pop();
      // Test the length first: reading index -1 of an emptied stack is a slow named-property lookup.
      if (stack.length > 0) {
        (stack[stack.length - 1] as Frame).ret = top.ret;
        this.returned = true;
      } else if (c.ref !== NONE) {
        // The op is over: the ioctl drops the reference its lookup took.
        objAt(this.w, c.ref).refs--;
        c.ref = NONE;
      }
    }
    this.steps++;
    const cov = this.coverage;
    if (cov !== undefined) {
      cov.steps++;
      cov.ctxSteps[c.id] = (cov.ctxSteps[c.id] as number) + 1;
      // Consecutive steps are mostly of one program: look its counters up only when it changes.
      if (p !== this.hitsOf) {
        this.hitsOf = p;
        this.hits = cov.pcs[p.name] ??= new Array<number>(p.steps.length).fill(0);
      }
      const n = (this.hits[pc] as number) + 1;
      this.hits[pc] = n;
      if (n === 1) cov.reached++;
    }
    this.trace?.step(this.w, c.id, p.name, p.labels[pc] as string, k.ev.snapshot());
    // Invariants read only what a step did and changed: a step that did neither needs no check.
    const found = k.ev.n === 0 && k.touched.length === 0 ? null : this.checker.afterStep(k);
    if (found !== null) this.fail(found, c.id);
    else if (this.steps > this.maxSteps) {
      this.fail(
        { code: ENGINE_CODES.HANG, message: `no end after ${this.maxSteps} steps (${p.name} loops?)`, obj: NONE },
        c.id,
      );
    }
    return STEPPED;
  }

  /**
   * A step threw. A primitive's kernel warning (`KernelWarning`: an unbalanced unpin, a bad unlock)
   * is what the kernel would print: a `WARN-ON` violation at this step, the run stops there. Anything
   * else is a bug in the policy's code: a `PolicyError` naming the program, step and op.
   */
  private threw(e: unknown, c: Ctx, p: Program, pc: number): number {
    const where = `${p.name}:${p.labels[pc]}`;
    if (e instanceof KernelWarning) {
      this.steps++;
      this.trace?.step(this.w, c.id, p.name, p.labels[pc] as string, this.k.ev.snapshot());
      this.fail({ code: ENGINE_CODES.WARN_ON, message: `${where}: ${e.message}`, obj: NONE }, c.id);
      return STEPPED;
    }
    if (e instanceof PolicyError) throw e;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new PolicyError(
      `policy ${this.policy.name}: step ${where} threw during op ${this.opIndex + 1} (world step ${this.w.step}): ${what}`,
      e,
    );
  }

  /** Ends the run at finding `f` in `ctx`: a violation, unless the checker masks its code. */
  fail(f: Finding, ctx: ContextId): void {
    this.stopped = true;
    if (this.checker.masks?.(f.code) === true) return;
    this.violation = { ...f, step: this.w.step, opIndex: this.opIndex, ctx };
  }

  /** Runs an op sequence, then drains: what a fuzz run or a replay is. */
  runOps(ops: readonly Op[]): void {
    const w = this.w;
    const cov = this.coverage;
    for (let i = 0; i < ops.length && !this.stopped; i++) {
      const input = ops[i] as Op;
      if (w.contexts[input.ctx] === undefined) throw new Error(`op ${i} names unknown context ${input.ctx}`);
      this.opIndex = i;
      const op = resolveOp(w, input, this.specs);
      if (op === null) {
        if (cov !== undefined) cov.skipped++;
        this.trace?.op(i, input, false);
        continue;
      }
      const c = w.contexts[op.ctx] as Ctx;
      if (op.kind === 'resume') {
        this.trace?.op(i, op, true);
        if (cov !== undefined) cov.ops.resume = (cov.ops.resume ?? 0) + 1;
        this.runCtx(c, op.run);
        continue;
      }
      const spec = this.specs[op.kind] as OpSpec;
      if (spec.needs !== undefined && this.policy.programs[spec.needs] === undefined) {
        if (cov !== undefined) cov.skipped++;
        this.trace?.op(i, op, false);
        continue;
      }
      if (cov !== undefined) cov.ops[op.kind] = (cov.ops[op.kind] ?? 0) + 1;
      this.trace?.op(i, op, true);
      if (spec.lookup === true) {
        objAt(w, op.obj).refs++;
        c.ref = op.obj as ObjectId;
      }
      this.start(c, spec.program ?? op.kind, op.obj, op.vm, op.arg);
      this.runCtx(c, op.run);
    }
    if (!this.stopped) this.drain();
    if (cov !== undefined) cov.runs++;
  }

  /**
   * Lets every preempted context run to completion, in context order. When all that is left is
   * blocked, queued work runs (a workqueue runs its items eventually) and the GPU completes its
   * oldest job (fences signal in finite time: the dma-fence cross-driver contract,
   * drivers/dma-buf/dma-fence.c); when nothing can complete, it is a deadlock.
   */
  drain(): void {
    const w = this.w;
    this.opIndex = NONE;
    for (;;) {
      let busy = false;
      let progressed = false;
      for (const c of w.contexts) {
        if (c.stack.length === 0) continue;
        busy = true;
        if (this.runCtx(c, 0) > 0) progressed = true;
        if (this.stopped) return;
      }
      if (!busy) return;
      if (progressed) continue;
      const wq = w.contexts[CTX.W] as Ctx;
      const work = w.objects.find((o) => o.work !== NONE);
      if (work !== undefined && wq.stack.length === 0 && this.policy.programs.worker !== undefined) {
        const op: Op = { kind: 'worker', ctx: wq.id, obj: work.id, vm: 0, arg: 0, run: 0 };
        this.trace?.op(NONE, op, true);
        this.start(wq, 'worker', work.id, 0, 0);
        continue;
      }
      const g = w.contexts[CTX.G] as Ctx;
      const pending = w.fences.find((f) => !f.signaled);
      if (pending !== undefined && g.stack.length === 0) {
        const op: Op = { kind: 'signal', ctx: g.id, obj: NONE, vm: NONE, arg: pending.context, run: 0 };
        this.trace?.op(NONE, op, true);
        this.start(g, 'signal', NONE, NONE, pending.context);
        continue;
      }
      const stuck = w.contexts.filter((c) => c.stack.length > 0);
      const who = stuck.map((c) => `${CONTEXTS[c.id]}:${(c.stack[c.stack.length - 1] as Frame).prog}`).join(', ');
      this.fail(
        { code: ENGINE_CODES.DEADLOCK, message: `every context left is blocked (${who})`, obj: NONE },
        (stuck[0] as Ctx).id,
      );
      return;
    }
  }
}

type Frame = Ctx['stack'][number];

/** A program by name: the policy's own, else the kernel's (core mm, reclaim). */
function programFor(policy: Policy, name: string): Program | undefined {
  return policy.programs[name] ?? KERNEL_PROGRAMS[name];
}

function jump(p: Program, label: string): number {
  const j = p.index.get(label);
  if (j === undefined) throw new Error(`program ${p.name} has no step labelled ${label}`);
  return j;
}

/** Runs a policy on an op sequence. @category Engine */
export function run(policy: Policy, ops: readonly Op[], opts: RunOptions): RunResult {
  const r = new Engine(policy, opts);
  r.runOps(ops);
  return { violation: r.violation, steps: r.steps, world: r.w };
}
