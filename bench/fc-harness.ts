import fc from 'fast-check';
import {
  BLOCK,
  CALL,
  type Checker,
  type ContextId,
  CTX,
  createWorld,
  DEFAULT_CONFIG,
  DONE,
  type Finding,
  type Frame,
  Kernel,
  NONE,
  newFrame,
  OP_SPECS,
  type Op,
  type OpKind,
  objAt,
  type Policy,
  type Program,
  type World,
  type WorldConfig,
} from '../model/index.ts';

/**
 * Baseline (b): the same model, policy programs and invariants, driven the way a fast-check user
 * would drive them: one command per operation (`check` is the op's precondition, `run` applies it
 * to the world and throws on a violation), `fc.commands` to generate and shrink sequences,
 * `fc.modelRun` to execute them. Commands are atomic: an op runs to completion; where it waits for
 * the GPU, the GPU completes its oldest job first. The model is the world itself (the usual shortcut
 * when the system under test is already a model): `check` reads it, `run` changes it.
 */
export const HARNESS_OPS: readonly OpKind[] = ['create', 'bind', 'unbind', 'execbuf', 'signal', 'shrink', 'close'];

export interface Model {
  readonly w: World;
}

export interface Sut {
  readonly w: World;
  readonly k: Kernel;
  readonly policy: Policy;
  readonly checker: Checker;
  /** Steps executed, as the engine counts them. */
  steps: number;
}

/** Counts the steps of every system under test a harness creates. */
export interface Counter {
  steps: number;
}

/** Runs one program to completion in `ctx`, checking every invariant after every step. */
function exec(s: Sut, ctx: ContextId, prog: string, obj: number, vm: number, arg: number): Finding | null {
  const k = s.k;
  const stack: Frame[] = [newFrame(prog, obj, vm, arg)];
  const progs: Program[] = [s.policy.programs[prog] as Program];
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    const p = progs[progs.length - 1] as Program;
    k.beginStep(ctx);
    const r = (p.steps[f.pc] as Program['steps'][number])(k, f);
    if (r === BLOCK) {
      // It waits for the GPU: the GPU completes a job, then the step runs again.
      const fence = oldestUnsignaledAny(s.w);
      if (fence === NONE) return { code: 'DEADLOCK', message: `${p.name} waits and the GPU is idle`, obj: NONE };
      const g = exec(s, CTX.G as ContextId, 'signal', NONE, NONE, fence);
      if (g !== null) return g;
      continue;
    }
    if (r === undefined) f.pc++;
    else if (typeof r === 'string') f.pc = p.index.get(r) as number;
    else if (r === DONE) f.pc = p.steps.length;
    else if (r === CALL) {
      f.pc++;
      const callee = k.pending as Frame;
      k.pending = null;
      stack.push(callee);
      progs.push(s.policy.programs[callee.prog] as Program);
    } else f.pc = r;
    while (
      stack.length > 0 &&
      (stack[stack.length - 1] as Frame).pc >= (progs[progs.length - 1] as Program).steps.length
    ) {
      const top = stack.pop() as Frame;
      progs.pop();
      if (stack.length > 0) (stack[stack.length - 1] as Frame).ret = top.ret;
    }
    s.steps++;
    if (k.ev.n > 0 || k.touched.length > 0) {
      const found = s.checker.afterStep(k);
      if (found !== null) return found;
    }
  }
  return null;
}

/** The timeline of the oldest unsignaled fence, or NONE. */
function oldestUnsignaledAny(w: World): number {
  for (const f of w.fences) if (!f.signaled) return f.context;
  return NONE;
}

/** One operation as a fast-check command. */
class OpCommand implements fc.Command<Model, Sut> {
  readonly op: Op;

  constructor(op: Op) {
    this.op = op;
  }

  check(m: Readonly<Model>): boolean {
    return OP_SPECS[this.op.kind as OpKind].ready(m.w, this.op);
  }

  run(_m: Model, s: Sut): void {
    const { kind, ctx, obj, vm, arg } = this.op;
    const lookup = OP_SPECS[kind as OpKind].lookup === true;
    if (lookup) objAt(s.w, obj).refs++;
    const found = exec(s, ctx, kind, obj, vm, arg);
    if (lookup) objAt(s.w, obj).refs--;
    if (found !== null) throw new Error(`${found.code}: ${found.message}`);
  }

  toString(): string {
    const { kind, obj, vm, arg } = this.op;
    return `${kind}(${obj},${vm},${arg})`;
  }
}

function cmd(kind: OpKind, ctx: number, obj: number, vm: number, arg: number): OpCommand {
  return new OpCommand({ kind, ctx: ctx as ContextId, obj, vm, arg, run: 0 });
}

/** The command arbitraries: one per op kind, uniform, as `fc.commands` weighs them. */
export function commandArbs(config: WorldConfig): fc.Arbitrary<OpCommand>[] {
  const obj = fc.nat({ max: config.maxObjects - 1 });
  const vm = fc.nat({ max: config.vms - 1 });
  const bit = fc.nat({ max: 1 });
  return [
    fc.constant(null).map(() => cmd('create', CTX.U0, 0, 0, 0)),
    fc.tuple(obj, vm).map(([o, v]) => cmd('bind', CTX.U0, o, v, 0)),
    fc.tuple(obj, vm).map(([o, v]) => cmd('unbind', CTX.U0, o, v, 0)),
    fc.tuple(obj, vm, bit).map(([o, v, b]) => cmd('execbuf', CTX.U0, o, v, b)),
    fc.constant(null).map(() => cmd('signal', CTX.G, 0, 0, CTX.U0)),
    fc.constant(null).map(() => cmd('shrink', CTX.R, 0, 0, 0)),
    obj.map((o) => cmd('close', CTX.U0, o, 0, 0)),
  ];
}

export interface HarnessOptions {
  readonly config?: WorldConfig;
  readonly maxCommands?: number;
  /** Called at the first failing run (before fast-check shrinks it). */
  readonly onFailure?: () => void;
}

export function newSut(policy: Policy, checker: Checker, config: WorldConfig): Sut {
  const w = createWorld(config);
  return { w, k: new Kernel(w, policy), policy, checker, steps: 0 };
}

/** The property a fast-check user would write: any command sequence keeps every invariant. */
export function harnessProperty(policy: Policy, checker: Checker, counter: Counter, opts: HarnessOptions = {}) {
  const config = opts.config ?? DEFAULT_CONFIG;
  const arb = fc.commands(commandArbs(config), { maxCommands: opts.maxCommands ?? 24, size: 'max' });
  let failed = false;
  return fc.property(arb, (cmds) => {
    const s = newSut(policy, checker, config);
    let ok = false;
    try {
      fc.modelRun(() => ({ model: { w: s.w }, real: s }), cmds);
      ok = true;
    } finally {
      counter.steps += s.steps;
      if (!ok && !failed) {
        failed = true;
        opts.onFailure?.();
      }
    }
  });
}

/** Commands of a (shrunk) counterexample that ran: replays them until the first throws. */
export function executedCommands(
  policy: Policy,
  checker: Checker,
  cmds: Iterable<fc.Command<Model, Sut>>,
  config: WorldConfig = DEFAULT_CONFIG,
): number {
  const s = newSut(policy, checker, config);
  const m = { w: s.w };
  let n = 0;
  for (const c of cmds) {
    if (!c.check(m)) continue;
    n++;
    try {
      c.run(m, s);
    } catch {
      return n;
    }
  }
  return n;
}
