import { enabledOps, type GenOptions, opTemplates, optionsFor } from '../generators/index.ts';
import {
  type Checker,
  type ContextId,
  type Ctx,
  Engine,
  NONE,
  type Op,
  type OpSpecs,
  opSpecsOf,
  type Policy,
  type World,
  type WorldConfig,
} from '../model/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { cloneWorld } from './clone.ts';
import { type Footprint, independent, Recorder } from './footprint.ts';

/**
 * The transitions of one state of the search, shared by the one-thread search (search.ts) and the
 * workers of the parallel one (parallel.ts): every enabled op, preempted after each of its first
 * `preempt` steps or run to its end, each way of running it one transition.
 */

/**
 * A transition explored from a state, for the sleep sets: the op, where it was preempted (0: run
 * to its end) and what it read and wrote there.
 */
export interface Move {
  readonly op: Op;
  readonly run: number;
  readonly fp: Footprint;
}

/**
 * Told each transition's end: the op, where it stopped (`run`, 0: at its end, its block or its
 * violation), the steps of the run from the root, the engine (its violation, whether it stopped)
 * and its raw world, whether the op is over (nobody needs the world after this call), and the sleep
 * set of the state reached (null without reduction).
 */
export type TransitionSink = (
  op: Op,
  run: number,
  steps: number,
  e: Engine,
  raw: World,
  over: boolean,
  sleep: Move[] | null,
) => void;

/** What the search explores from a state: the policy's op templates within the bounds' contexts. */
export class Expander {
  readonly policy: Policy;
  readonly templates: readonly Op[];
  readonly specs: OpSpecs;
  readonly checker: Checker;
  readonly rec: Recorder | null;
  private readonly gen: GenOptions;
  private readonly contexts: readonly ContextId[];
  private readonly preempt: number;
  private readonly numbers = new Map<Op, number>();
  /** Transitions the sleep sets skipped. */
  slept = 0;

  constructor(
    policy: Policy,
    bounds: { readonly contexts: readonly ContextId[]; readonly preempt: number },
    mask: ReadonlySet<string>,
    config: WorldConfig,
    por: boolean,
  ) {
    this.policy = policy;
    this.gen = optionsFor(policy, { config });
    this.contexts = bounds.contexts;
    this.preempt = bounds.preempt;
    this.templates = opTemplates(policy, this.gen, bounds.contexts);
    for (const [i, t] of this.templates.entries()) this.numbers.set(t, i);
    this.specs = opSpecsOf(policy);
    this.checker = makeChecker(Object.values(invariants), { mask });
    this.rec = por ? new Recorder() : null;
  }

  /** The ops that can start (or resume) in `w`, in the generators' order. */
  enabled(w: World): Op[] {
    return enabledOps(w, this.templates, this.gen, this.contexts, this.specs);
  }

  /** An op as a number: its template's index, or past them, a resume of its context. */
  opIndex(op: Op): number {
    if (op.kind === 'resume') return this.templates.length + op.ctx;
    const i = this.numbers.get(op);
    if (i === undefined) throw new Error(`${this.policy.name}: op ${op.kind} is not one of the search's templates`);
    return i;
  }

  /** The op `opIndex` numbered. */
  opAt(i: number): Op {
    const t = this.templates;
    if (i < t.length) return t[i] as Op;
    return { kind: 'resume', ctx: (i - t.length) as ContextId, obj: 0, vm: 0, arg: 0, run: 0 };
  }

  /**
   * Runs `op` from `world` (a state at `depth` ops, reached in `steps` steps; left unchanged) on a
   * copy, handing each way of running it to `sink`. With `sleep` (reduction on), transitions in it
   * are skipped and each other one gets its footprint, recorded in `done` (the transitions explored
   * from this state so far) and its children's sleep sets; `record` false (the last level: nobody
   * needs the sleep sets) skips the footprints.
   */
  expand(
    world: World,
    depth: number,
    steps: number,
    sleep: Move[] | null,
    done: Move[],
    op: Op,
    record: boolean,
    sink: TransitionSink,
  ): void {
    // Every way of running the op sleeps here when its whole run does (its footprint holds theirs).
    if (sleep !== null && asleep(sleep, op, 0)) {
      this.slept++;
      return;
    }
    const raw = cloneWorld(world);
    const rec = record ? this.rec : null;
    const e = this.start(rec !== null ? rec.view(raw) : raw, depth, op, rec);
    const c = e.w.contexts[op.ctx] as Ctx;
    let ran = 0;
    for (;;) {
      // One step, and on while a callee returns (no preemption point there, as in `runCtx(c, n)`):
      // the stop reached is the one a budget of `before + 1` steps reaches.
      const before = ran;
      ran += e.runCtx(c, 1);
      const over = ended(e, c);
      // Run to its end, its block or the violation: `run` 0 replays exactly that.
      const run = over ? 0 : before + 1;
      if (over || run <= this.preempt) {
        // Every way of running it gets a footprint (writes accumulate: a later one holds an earlier one's).
        const move: Move | null = rec !== null ? { op, run, fp: rec.footprint(world, raw) } : null;
        if (sleep !== null && asleep(sleep, op, run)) this.slept++;
        else {
          let childSleep: Move[] | null = null;
          if (move !== null) {
            childSleep = sleepAfter(sleep as Move[], done, move);
            done.push(move);
          }
          sink(op, run, steps + e.steps, e, raw, over, childSleep);
        }
      }
      if (over) return;
    }
  }

  /**
   * The world after `op` from `world` (left unchanged), preempted after `run` steps (0: at its end):
   * one transition of `expand`, replayed.
   */
  replay(world: World, depth: number, op: Op, run: number): World {
    const raw = cloneWorld(world);
    const e = this.start(raw, depth, op, null);
    const c = e.w.contexts[op.ctx] as Ctx;
    let ran = 0;
    for (;;) {
      const before = ran;
      ran += e.runCtx(c, 1);
      if (ended(e, c) || before + 1 === run) return raw;
    }
  }

  /**
   * An engine on `w` with `op` started as the op at `depth` (it is enabled there: else a checker
   * bug). The recorder forgets the engine's set-up reads, and records from the op's start on.
   */
  private start(w: World, depth: number, op: Op, rec: Recorder | null): Engine {
    const e = Engine.on(this.policy, w, this.checker);
    rec?.reset();
    e.at(depth);
    if (!e.begin(op, depth)) throw new Error(`${this.policy.name}: enabled op ${op.kind} did not start`);
    return e;
  }

  /** What the end of a run would do from `world` (changed): the drain's violation and steps. */
  drain(world: World): { code: string; steps: number } | null {
    const d = Engine.on(this.policy, world, this.checker);
    d.drain();
    return d.violation === null ? null : { code: d.violation.code, steps: d.steps };
  }
}

/** Whether a transition is over: its op ran to its end, blocked, or broke an invariant. */
function ended(e: Engine, c: Ctx): boolean {
  return c.stack.length === 0 || c.blocked || e.stopped;
}

/** Whether the sleep set holds the op preempted after `run` steps (0: run to its end). */
export function asleep(sleep: readonly Move[], op: Op, run: number): boolean {
  for (const m of sleep) if (m.run === run && sameOp(m.op, op)) return true;
  return false;
}

function sameOp(a: Op, b: Op): boolean {
  return a === b || (a.kind === b.kind && a.ctx === b.ctx && a.obj === b.obj && a.vm === b.vm && a.arg === b.arg);
}

/**
 * The sleep set of the state `move` reaches (Godefroid): the transitions asleep here or explored
 * here before it, in another context, that commute with it.
 */
function sleepAfter(sleep: readonly Move[], done: readonly Move[], move: Move): Move[] {
  const out: Move[] = [];
  for (const m of sleep) if (m.op.ctx !== move.op.ctx && independent(m.fp, move.fp)) out.push(m);
  for (const m of done) if (m.op.ctx !== move.op.ctx && independent(m.fp, move.fp)) out.push(m);
  return out;
}

/** The transitions asleep in both (a state reached twice is explored with what both paths allow). */
export function intersect(a: Move[], b: readonly Move[]): Move[] {
  if (a.length === 0) return a;
  return a.filter((m) => asleep(b, m.op, m.run));
}

/** Anything left for the drain to do: an op in flight, queued work, or a fence to signal. */
export function needsDrain(w: World): boolean {
  for (const c of w.contexts) if (c.stack.length > 0) return true;
  for (const o of w.objects) if (o.work !== NONE) return true;
  for (const f of w.fences) if (!f.signaled) return true;
  return false;
}
