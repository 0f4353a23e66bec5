import {
  type ContextId,
  configFor,
  createWorld,
  type Op,
  type Platform,
  type Policy,
  type World,
  type WorldConfig,
} from '../model/index.ts';
import { cloneWorld } from './clone.ts';
import { Expander, intersect, type Move, needsDrain, type TransitionSink } from './expand.ts';
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
  /**
   * Partial-order reduction by sleep sets (`--por`; off by default). It skips transitions that only
   * reorder commuting ones, so every state is still reached at its fewest ops: the same states,
   * violations and shortest lengths, with fewer transitions run. Off by default because it does
   * not pay here: it saves about a tenth of the transitions, and recording each transition's
   * footprint through proxies costs more than that (bench/RESULTS.md, section 6).
   */
  readonly por?: boolean | undefined;
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
  /** Transitions the sleep sets skipped (0 without partial-order reduction). */
  slept?: number;
}

/** Figures of a search not yet started (or of none). */
export function noStats(): SearchStats {
  return { states: 0, transitions: 0, depth: 0, frontier: 0, elapsedMs: 0, visitedBytes: 0, slept: 0 };
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

/** How a state was reached: its last op (preempted after `run` steps) and the trail before it. */
interface Trail {
  readonly parent: Trail | null;
  readonly op: Op;
  readonly run: number;
}

interface Node {
  readonly world: World;
  readonly trail: Trail | null;
  readonly depth: number;
  readonly steps: number;
  /**
   * The sleep set: transitions not to take from here, each commuting with every transition since
   * a sibling branch took it (Godefroid); null without reduction.
   */
  sleep: Move[] | null;
  /** Next in the level's chain of nodes whose fingerprint has the same low half (merging sleep sets). */
  chain: Node | null;
  readonly hi: number;
}

/** The config a search runs under: the policy's, with the bounds' objects and address spaces. */
export function boundedConfig(
  policy: Policy,
  bounds: Pick<Bounds, 'objects' | 'vms'>,
  platform?: Platform,
): WorldConfig {
  const over = { maxObjects: bounds.objects, vms: bounds.vms };
  return configFor(policy, platform === undefined ? over : { ...over, platform });
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
  const por = budget.por === true;
  const x = new Expander(policy, bounds, mask, config, por);
  const fp = new Fingerprinter(h64);
  const visited = new VisitedSet();
  const h = new Uint32Array(2);
  const start = Date.now();
  const stats = noStats();
  const rootWorld = createWorld(config);
  fp.hash(rootWorld, h);
  const root: Node = {
    world: rootWorld,
    trail: null,
    depth: 0,
    steps: 0,
    sleep: por ? [] : null,
    chain: null,
    hi: h[1] as number,
  };
  visited.add(h[0] as number, h[1] as number);
  stats.states = 1;
  let best = null as Shortest | null;
  let level: Node[] = [root];
  let stopped: StopReason | null = null;
  let sinceCheck = 0;
  let lastYield = start;
  /** The next level's nodes by the low half of their fingerprint (to merge sleep sets); null without reduction. */
  let index: Map<number, Node> | null = null;
  /** Transitions explored from the node being expanded, in order (its sleep sets' candidates). */
  const done: Move[] = [];
  /** The node being expanded, and where its children go (null: the last level, not kept). */
  let node = root;
  let next: Node[] | null = null;

  const found = (parent: Node, op: Op, run: number, code: string, steps: number): void => {
    const cand = { code, ops: pathOps(parent.trail, op, run), steps };
    if (shorter(cand, best)) best = cand;
  };

  /**
   * A transition's end: `world` (the engine's own, raw) is checked, hashed and, when new, kept
   * (copied unless `spare`: nobody needs it after this) with `sleep` as its sleep set.
   */
  const consider: TransitionSink = (op, run, steps, e, world, spare, sleep) => {
    const parent = node;
    stats.transitions++;
    // A run ended by a masked finding (a kernel warning the search already reported) cannot go on.
    if (e.stopped && e.violation === null) return;
    const v = e.violation;
    if (v !== null) {
      found(parent, op, run, v.code, steps);
      return;
    }
    fp.hash(world, h);
    const lo = h[0] as number;
    const hi = h[1] as number;
    if (!visited.add(lo, hi)) {
      // Seen: when it waits in the next level, it is explored from there with what both paths allow.
      if (index !== null && sleep !== null) {
        for (let n = index.get(lo) ?? null; n !== null; n = n.chain) {
          if (n.hi === hi && n.sleep !== null) {
            n.sleep = intersect(n.sleep, sleep);
            break;
          }
        }
      }
      return;
    }
    stats.states++;
    const drain = needsDrain(world);
    const keep = next !== null;
    // The node's world, and the drain's: copies of the engine's, unless nobody needs it after this.
    if (next !== null) {
      const child: Node = {
        world: spare ? world : cloneWorld(world),
        trail: { parent: parent.trail, op, run },
        depth: parent.depth + 1,
        steps,
        sleep,
        chain: null,
        hi,
      };
      if (index !== null) {
        child.chain = index.get(lo) ?? null;
        index.set(lo, child);
      }
      next.push(child);
    }
    // What the end of a run would do from here: the drain, on a copy.
    if (drain) {
      const d = x.drain(keep || !spare ? cloneWorld(world) : world);
      if (d !== null) found(parent, op, run, d.code, steps + d.steps);
    }
  };

  outer: for (let depth = 0; depth < bounds.depth && level.length > 0; depth++) {
    const last = depth + 1 >= bounds.depth;
    const kept: Node[] = [];
    // The last level's states are checked (and drained), never expanded: no need to keep them.
    next = last ? null : kept;
    index = por && !last ? new Map() : null;
    for (let li = 0; li < level.length; li++) {
      node = level[li] as Node;
      // Drop the reference: the level's worlds go to the collector as they are expanded.
      level[li] = root;
      stats.frontier = level.length - li;
      done.length = 0;
      for (const op of x.enabled(node.world)) {
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
          stopped = budgetStop(budget, stats);
          if (stopped !== null) break outer;
        }
        // (The state budget is checked at every op, so that a search stops at it exactly.)
        if (budget.maxStates !== undefined && stats.states >= budget.maxStates) {
          stopped = 'max-states';
          break outer;
        }
        x.expand(node.world, node.depth, node.steps, node.sleep, done, op, !last, consider);
      }
    }
    stats.depth = depth + 1;
    stats.elapsedMs = Date.now() - start;
    stats.slept = x.slept;
    budget.onProgress?.(stats);
    // The level is complete: its shortest violation is the shortest there is.
    if (best !== null) break;
    level = nextLevel(budget, depth, kept);
  }
  stats.slept = x.slept;
  return ended(stats, start, visited, best, stopped);
}

/** What stops a search now, or null: Ctrl-C, then the time, then the states budget. */
export function budgetStop(budget: Budget, stats: SearchStats): StopReason | null {
  if (budget.shouldStop?.() === true) return 'interrupted';
  if (budget.timeMs !== undefined && stats.elapsedMs > budget.timeMs) return 'time';
  if (budget.maxStates !== undefined && stats.states >= budget.maxStates) return 'max-states';
  return null;
}

/** The next level: the states kept, or a shard's part of them (`Budget.split`). */
export function nextLevel<T>(budget: Budget, depth: number, kept: T[]): T[] {
  const keep = budget.split?.(depth + 1, kept.length) ?? null;
  return keep === null ? kept : kept.filter((_, i) => keep(i));
}

/** A search's result: its figures closed, and a stop that counts only when nothing was found. */
export function ended(
  stats: SearchStats,
  start: number,
  visited: VisitedSet,
  best: Shortest | null,
  stopped: StopReason | null,
): SearchResult {
  stats.elapsedMs = Date.now() - start;
  stats.frontier = 0;
  stats.visitedBytes = visited.bytes;
  return { found: best, stats, stopped: best !== null ? null : stopped };
}

/**
 * Fewer ops, then fewer steps, then fewer preempted ops (the plainer story); among equals, the
 * first by ops and code in a fixed order, so that the one-thread and the parallel search, which
 * meet candidates in different orders, keep the same one.
 */
export function shorter(a: Shortest, b: Shortest | null): boolean {
  if (b === null) return true;
  if (a.ops.length !== b.ops.length) return a.ops.length < b.ops.length;
  if (a.steps !== b.steps) return a.steps < b.steps;
  const pa = preempted(a.ops);
  const pb = preempted(b.ops);
  if (pa !== pb) return pa < pb;
  for (let i = 0; i < a.ops.length; i++) {
    const c = compareOps(a.ops[i] as Op, b.ops[i] as Op);
    if (c !== 0) return c < 0;
  }
  return a.code < b.code;
}

function compareOps(a: Op, b: Op): number {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return a.ctx - b.ctx || a.obj - b.obj || a.vm - b.vm || a.arg - b.arg || a.run - b.run;
}

function preempted(ops: readonly Op[]): number {
  let n = 0;
  for (const op of ops) if (op.run > 0) n++;
  return n;
}

/** The ops from the root to `op` (each with the `run` that preempts it where it was preempted). */
function pathOps(trail: Trail | null, op: Op, run: number): Op[] {
  const out: Op[] = [{ ...op, run }];
  for (let t = trail; t !== null; t = t.parent) out.push({ ...t.op, run: t.run });
  return out.reverse();
}
