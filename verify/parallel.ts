import { randomUUID } from 'node:crypto';
import { Piscina } from 'piscina';
import { createWorld, type Op, type Policy, type WorldConfig } from '../model/index.ts';
import { Expander } from './expand.ts';
import { Fingerprinter, type H64 } from './fingerprint.ts';
import {
  type Bounds,
  type Budget,
  boundedConfig,
  budgetStop,
  ended,
  nextLevel,
  noStats,
  type SearchResult,
  type Shortest,
  type StopReason,
  shorter,
} from './search.ts';
import { VisitedSet } from './visited.ts';
import {
  CHILD_INTS,
  type PolicySource,
  type SearchSetup,
  type Task,
  type TaskFound,
  type TaskResult,
} from './worker-task.ts';

export type { PolicySource } from './worker-task.ts';

/**
 * The worker threads of parallel searches (`--workers N`): a piscina pool, started once and shared
 * by every search of a run (each worker sets itself up again when a new search starts); `close`
 * when done.
 */
export class SearchPool {
  readonly threads: number;
  private readonly pool: Piscina<Task, TaskResult>;

  constructor(threads: number) {
    this.threads = threads;
    this.pool = new Piscina({
      filename: new URL('./worker.mjs', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      // Tasks wait in the pool's queue: the search keeps a few per thread in flight.
      idleTimeout: 60_000,
    });
  }

  run(task: Task): Promise<TaskResult> {
    return this.pool.run(task, { transferList: [task.nodes.buffer as ArrayBuffer] });
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** A state of the parallel search, kept by the main thread: its path (op numbers) and steps. */
export interface PNode {
  readonly trail: PTrail | null;
  readonly depth: number;
  readonly steps: number;
}

/** How a state was reached: its last op's number, where it was preempted, and the trail before. */
export interface PTrail {
  readonly parent: PTrail | null;
  readonly op: number;
  readonly run: number;
}

/** Tasks in flight per thread: enough that a thread never waits for the main thread. */
const IN_FLIGHT = 3;

/**
 * The breadth-first search of search.ts on worker threads. Level by level, the main thread cuts
 * the level's states into chunks; workers expand them (each rebuilding its states from their
 * paths: worlds never cross threads) and send back each transition's fingerprint, op and steps,
 * and the violations found. The main thread takes the results in chunk order, so the visited set,
 * which path reaches each state first, the states, transitions and the shortest counterexample are
 * exactly those of the one-thread search without partial-order reduction (`por: false`: sleep sets
 * are one thread's). Workers drain every state they reach that has something to drain; the main
 * thread keeps a drain's violation only when its state is new, as the one-thread search drains it.
 */
export async function parallelSearch(
  pool: SearchPool,
  policy: Policy,
  source: PolicySource,
  bounds: Bounds,
  h64: H64,
  mask: ReadonlySet<string> = new Set(),
  budget: Budget = {},
  configOverride?: WorldConfig,
): Promise<SearchResult> {
  const config = configOverride ?? boundedConfig(policy, bounds);
  const x = new Expander(policy, bounds, mask, config, false);
  const setup: SearchSetup = {
    key: randomUUID(),
    source,
    contexts: bounds.contexts,
    preempt: bounds.preempt,
    mask: [...mask],
    config,
  };
  const visited = new VisitedSet();
  const h = new Uint32Array(2);
  new Fingerprinter(h64).hash(createWorld(config), h);
  visited.add(h[0] as number, h[1] as number);
  const start = Date.now();
  const stats = noStats();
  stats.states = 1;
  let best = null as Shortest | null;
  let stopped: StopReason | null = null;
  let lastProgress = start;

  const pathOf = (trail: PTrail | null, op: number, run: number): Op[] => {
    const out: Op[] = [{ ...x.opAt(op), run }];
    for (let t = trail; t !== null; t = t.parent) out.push({ ...x.opAt(t.op), run: t.run });
    return out.reverse();
  };

  const stop = (): boolean => {
    const now = Date.now();
    stats.elapsedMs = now - start;
    if (now - lastProgress > 100) {
      budget.onProgress?.(stats);
      lastProgress = now;
    }
    stopped = budgetStop(budget, stats);
    return stopped !== null;
  };

  /**
   * Expands every node in chunks, `take` given each result with its chunk's nodes, in chunk
   * order; false when a budget stopped it.
   */
  const rounds = async (
    nodes: readonly PNode[],
    take: (r: TaskResult, chunk: readonly PNode[]) => void,
  ): Promise<boolean> => {
    const size = Math.max(1, Math.min(256, Math.ceil(nodes.length / (pool.threads * 8))));
    const chunks = Math.ceil(nodes.length / size);
    const inFlight: Promise<TaskResult>[] = [];
    let sent = 0;
    const send = (): void => {
      const chunk = nodes.slice(sent * size, (sent + 1) * size);
      inFlight.push(pool.run({ setup, ...pack(chunk) }));
      sent++;
    };
    while (sent < chunks && inFlight.length < pool.threads * IN_FLIGHT) send();
    for (let c = 0; c < chunks; c++) {
      const r = await (inFlight.shift() as Promise<TaskResult>);
      take(r, nodes.slice(c * size, (c + 1) * size));
      stats.frontier = nodes.length - (c + 1) * size;
      if (stop()) {
        await Promise.allSettled(inFlight);
        return false;
      }
      if (sent < chunks) send();
    }
    return true;
  };

  let level: PNode[] = [{ trail: null, depth: 0, steps: 0 }];
  const taker = new ResultTaker(visited);
  for (let depth = 0; depth < bounds.depth && level.length > 0; depth++) {
    const last = depth + 1 >= bounds.depth;
    const kept: PNode[] = [];
    const expanded = await rounds(level, (r, chunk) => {
      stats.transitions += r.transitions;
      stats.states += taker.take(r, chunk, last ? null : kept, (f) => {
        const cand = { code: f.code, ops: pathOf((chunk[f.parent] as PNode).trail, f.op, f.run), steps: f.steps };
        if (shorter(cand, best)) best = cand;
      });
    });
    if (!expanded) break;
    stats.depth = depth + 1;
    stats.elapsedMs = Date.now() - start;
    budget.onProgress?.(stats);
    // The level is complete: its shortest violation is the shortest there is.
    if (best !== null) break;
    level = nextLevel(budget, depth, kept);
  }
  return ended(stats, start, visited, best, stopped);
}

/**
 * Takes a chunk's result as the one-thread search would have met its transitions: each child's
 * state into the visited set, a new one kept (unless the level is the last), and the violations
 * that count handed on. A violation on a transition always counts; one a worker's drain found
 * counts only when its child reached a new state: the one-thread search drains a state once, from
 * the path that reached it first (a later path may have taken fewer steps, and would make another
 * counterexample).
 */
export class ResultTaker {
  private readonly visited: VisitedSet;
  /** Whether each child of the result being taken reached a new state. */
  private fresh = new Uint8Array(256);

  constructor(visited: VisitedSet) {
    this.visited = visited;
  }

  /** Takes `r`, whose tasks' states are `chunk`: the new states' count. */
  take(r: TaskResult, chunk: readonly PNode[], kept: PNode[] | null, found: (f: TaskFound) => void): number {
    const c = r.children;
    if (this.fresh.length < r.n) this.fresh = new Uint8Array(r.n * 2);
    const fresh = this.fresh;
    let states = 0;
    for (let i = 0; i < r.n; i++) {
      const o = i * CHILD_INTS;
      fresh[i] = 0;
      if (!this.visited.add(c[o + 4] as number, c[o + 5] as number)) continue;
      fresh[i] = 1;
      states++;
      if (kept === null) continue;
      const parent = chunk[c[o] as number] as PNode;
      kept.push({
        trail: { parent: parent.trail, op: c[o + 1] as number, run: c[o + 2] as number },
        depth: parent.depth + 1,
        steps: c[o + 3] as number,
      });
    }
    for (const f of r.found) if (f.child < 0 || fresh[f.child] === 1) found(f);
    return states;
  }
}

/** Nodes as a task carries them: `[depth, steps, op, run, ...]` each, the path from the root. */
function pack(chunk: readonly PNode[]): { nodes: Int32Array; count: number } {
  let len = 0;
  for (const n of chunk) len += 2 + 2 * n.depth;
  const out = new Int32Array(len);
  let at = 0;
  for (const n of chunk) {
    out[at] = n.depth;
    out[at + 1] = n.steps;
    let i = at + 2 * n.depth;
    for (let t = n.trail; t !== null; t = t.parent) {
      out[i] = t.op;
      out[i + 1] = t.run;
      i -= 2;
    }
    at += 2 + 2 * n.depth;
  }
  return { nodes: out, count: chunk.length };
}
