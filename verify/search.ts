import { enabledOps, type GenOptions, opTemplates, optionsFor } from '../generators/index.ts';
import {
  type ContextId,
  type Ctx,
  configFor,
  createWorld,
  Engine,
  NONE,
  type Op,
  opSpecsOf,
  type Policy,
  type World,
  type WorldConfig,
} from '../model/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { cloneWorld } from './clone.ts';
import { Fingerprinter, type H64 } from './fingerprint.ts';
import { VisitedSet } from './visited.ts';

/**
 * Breadth-first search over every op sequence the fuzzer could run, up to a bound: from each state,
 * every enabled op (`enabledOps`: the generators' table) in every context, preempted after each of
 * its first `preempt` steps or run to completion, and every invariant checked after every step. A
 * state's remaining work is drained (as at the end of a fuzz run) to check what the drain would
 * break. States are deduplicated by fingerprint. Levels are op counts, so the first violation found
 * has the fewest ops; within its level the one with the fewest steps is kept.
 */
export interface Bounds {
  /** Ops started (resumes included): the length of the longest sequence explored. */
  readonly depth: number;
  /** Objects a sequence may create (`maxObjects`). */
  readonly objects: number;
  /** Address spaces (`vms`: the GGTT plus vms - 1 PPGTTs). */
  readonly vms: number;
  /** The contexts ops may run in. */
  readonly contexts: readonly ContextId[];
  /** Steps after which an op may be preempted (MAX_PREEMPT, as the generators draw). */
  readonly preempt: number;
}

/**
 * The default bounds: every op kind the policy supports, in every context, on 2 objects and 2
 * address spaces, up to 4 ops, each preemptible after any of its first MAX_PREEMPT steps.
 */
export const DEFAULT_DEPTH = 4;
export const DEFAULT_OBJECTS = 2;
export const DEFAULT_VMS = 2;

export interface Budget {
  /** Stop (incomplete) after this many distinct states. */
  readonly maxStates?: number | undefined;
  /** Stop (incomplete) after this many milliseconds. */
  readonly timeMs?: number | undefined;
  /** Polled every few hundred states: true stops the search (Ctrl-C). */
  readonly shouldStop?: (() => boolean) | undefined;
  readonly onProgress?: ((s: SearchStats) => void) | undefined;
  /**
   * Sharding (`frontierSplit`): told each completed level's depth and size, it may return which of
   * the level's states (by index) this search expands; null: all of them.
   */
  readonly split?: ((depth: number, size: number) => ((index: number) => boolean) | null) | undefined;
}

export interface SearchStats {
  /** Distinct states (fingerprints) seen. */
  states: number;
  /** Transitions (op starts and preemption points) explored. */
  transitions: number;
  /** Deepest level (ops) whose states were all expanded, or reached. */
  depth: number;
  /** States waiting at the current level. */
  frontier: number;
  elapsedMs: number;
  /** Bytes the visited set holds (its table; the frontier's worlds are not counted). */
  visitedBytes: number;
}

/** The shortest counterexample of one search. */
export interface Shortest {
  readonly code: string;
  /** The ops that ran (each with the `run` that preempts it where it was preempted). */
  readonly ops: readonly Op[];
  /** Steps of the run to the violation. */
  readonly steps: number;
}

export type StopReason = 'max-states' | 'time' | 'interrupted';

export interface SearchResult {
  readonly found: Shortest | null;
  readonly stats: SearchStats;
  /** Why the search stopped before covering the bound; null when it covered it (or found a violation). */
  readonly stopped: StopReason | null;
}

/** How a state was reached: its last op and the trail before it (kept apart from the worlds). */
interface Trail {
  readonly parent: Trail | null;
  readonly op: Op;
}

interface Node {
  readonly world: World;
  readonly trail: Trail | null;
  readonly depth: number;
  readonly steps: number;
}

/** The config a search runs under: the policy's, with the bounds' objects and address spaces. */
export function boundedConfig(policy: Policy, bounds: Pick<Bounds, 'objects' | 'vms'>): WorldConfig {
  return configFor(policy, { maxObjects: bounds.objects, vms: bounds.vms });
}

export async function search(
  policy: Policy,
  bounds: Bounds,
  h64: H64,
  mask: ReadonlySet<string> = new Set(),
  budget: Budget = {},
  /** The world's config, when it is not the policy's under the bounds (a trace's own). */
  configOverride?: WorldConfig,
): Promise<SearchResult> {
  const config = configOverride ?? boundedConfig(policy, bounds);
  const gen: GenOptions = optionsFor(policy, { config });
  const templates = opTemplates(policy, gen, bounds.contexts);
  const specs = opSpecsOf(policy);
  const checker = makeChecker(Object.values(invariants), { mask });
  const fp = new Fingerprinter(h64);
  const visited = new VisitedSet();
  const h = new Uint32Array(2);
  const start = Date.now();
  const stats: SearchStats = { states: 0, transitions: 0, depth: 0, frontier: 0, elapsedMs: 0, visitedBytes: 0 };
  const root: Node = { world: createWorld(config), trail: null, depth: 0, steps: 0 };
  fp.hash(root.world, h);
  visited.add(h[0] as number, h[1] as number);
  stats.states = 1;
  let best = null as Shortest | null;
  let level: Node[] = [root];
  let stopped: StopReason | null = null;
  let sinceCheck = 0;
  let lastYield = start;

  const consider = (parent: Node, op: Op, steps: number, e: Engine, world: World, spare: boolean): Node | null => {
    stats.transitions++;
    // A run ended by a masked finding (a kernel warning the search already reported) cannot go on.
    if (e.stopped && e.violation === null) return null;
    const v = e.violation;
    if (v !== null) {
      const cand = { code: v.code, ops: pathOps(parent, op), steps };
      if (shorter(cand, best)) best = cand;
      return null;
    }
    fp.hash(world, h);
    if (!visited.add(h[0] as number, h[1] as number)) return null;
    stats.states++;
    const node: Node = { world, trail: { parent: parent.trail, op }, depth: parent.depth + 1, steps };
    // What the end of a run would do from here: the drain, on a copy.
    if (needsDrain(world)) {
      // A world nobody needs after this (the last level's, at the end of its op) drains in place.
      const d = Engine.on(policy, spare ? world : cloneWorld(world), checker);
      d.drain();
      if (d.violation !== null) {
        const cand = { code: d.violation.code, ops: pathOps(parent, op), steps: steps + d.steps };
        if (shorter(cand, best)) best = cand;
      }
    }
    return node;
  };

  outer: for (let depth = 0; depth < bounds.depth && level.length > 0; depth++) {
    const next: Node[] = [];
    for (let li = 0; li < level.length; li++) {
      const node = level[li] as Node;
      stats.frontier = level.length - li;
      for (const op of enabledOps(node.world, templates, gen, bounds.contexts, specs)) {
        if (++sinceCheck >= 64) {
          sinceCheck = 0;
          const now = Date.now();
          stats.elapsedMs = now - start;
          // Yield to the event loop now and then, so that Ctrl-C (a signal handler) is heard.
          if (now - lastYield > 100) {
            budget.onProgress?.(stats);
            await new Promise((resolve) => setImmediate(resolve));
            lastYield = Date.now();
          }
          if (budget.shouldStop?.() === true) stopped = 'interrupted';
          else if (budget.timeMs !== undefined && stats.elapsedMs > budget.timeMs) stopped = 'time';
          if (stopped !== null) break outer;
        }
        if (budget.maxStates !== undefined && stats.states >= budget.maxStates) {
          stopped = 'max-states';
          break outer;
        }
        // The last level's states are checked (and drained), never expanded: no need to keep them.
        expand(node, op, depth + 1 < bounds.depth ? next : null);
      }
    }
    stats.depth = depth + 1;
    stats.elapsedMs = Date.now() - start;
    budget.onProgress?.(stats);
    // The level is complete: its shortest violation is the shortest there is.
    if (best !== null) break;
    const keep = budget.split?.(depth + 1, next.length) ?? null;
    level = keep === null ? next : next.filter((_, i) => keep(i));
  }

  function expand(node: Node, op: Op, next: Node[] | null): void {
    const e = Engine.on(policy, cloneWorld(node.world), checker);
    e.at(node.depth);
    if (!e.begin(op, node.depth)) throw new Error(`${policy.name}: enabled op ${op.kind} did not start`);
    const c = e.w.contexts[op.ctx] as Ctx;
    let ran = 0;
    for (;;) {
      // One step, and on while a callee returns (no preemption point there, as in `runCtx(c, n)`):
      // the stop reached is the one a budget of `before + 1` steps reaches.
      const before = ran;
      ran += e.runCtx(c, 1);
      const over = c.stack.length === 0 || c.blocked || e.stopped;
      if (over) {
        // Run to its end, its block or the violation: `run` 0 replays exactly that.
        const n = consider(node, { ...op, run: 0 }, node.steps + e.steps, e, e.w, next === null);
        if (n !== null) next?.push(n);
        return;
      }
      if (before + 1 <= bounds.preempt) {
        const w = next === null ? e.w : cloneWorld(e.w);
        const n = consider(node, { ...op, run: before + 1 }, node.steps + e.steps, e, w, false);
        if (n !== null) next?.push(n);
      }
    }
  }

  stats.elapsedMs = Date.now() - start;
  stats.frontier = 0;
  stats.visitedBytes = visited.bytes;
  return { found: best, stats, stopped: best !== null ? null : stopped };
}

/** Fewer ops, then fewer steps, then fewer preempted ops (the plainer story). */
function shorter(a: Shortest, b: Shortest | null): boolean {
  if (b === null) return true;
  if (a.ops.length !== b.ops.length) return a.ops.length < b.ops.length;
  if (a.steps !== b.steps) return a.steps < b.steps;
  return preempted(a.ops) < preempted(b.ops);
}

function preempted(ops: readonly Op[]): number {
  let n = 0;
  for (const op of ops) if (op.run > 0) n++;
  return n;
}

/** Anything left for the drain to do: an op in flight, queued work, or a fence to signal. */
function needsDrain(w: World): boolean {
  for (const c of w.contexts) if (c.stack.length > 0) return true;
  for (const o of w.objects) if (o.work !== NONE) return true;
  for (const f of w.fences) if (!f.signaled) return true;
  return false;
}

function pathOps(parent: Node, op: Op): Op[] {
  const out: Op[] = [op];
  for (let t = parent.trail; t !== null; t = t.parent) out.push(t.op);
  return out.reverse();
}
