import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ContextId, createWorld, type Policy, type World, type WorldConfig } from '../model/index.ts';
import { policies, resolvePolicyName } from '../policies/index.ts';
import { cloneWorld } from './clone.ts';
import { Expander, needsDrain, type TransitionSink } from './expand.ts';
import { Fingerprinter, loadHasher } from './fingerprint.ts';

/**
 * One task of the parallel search (parallel.ts), run in a worker thread: expand a chunk of a
 * level's states. States travel as their paths (op numbers and preemption points), not
 * as worlds: a worker rebuilds each by replaying its path from the root, reusing the worlds of the
 * path it rebuilt last (a level's states come in breadth-first order, so neighbours share all but
 * their last op), which costs about one op a state.
 */

/** Where a worker finds the policy: a built-in name, or the module a user's policy came from. */
export type PolicySource = { readonly name: string } | { readonly file: string };

/** What every task of one search shares (a worker sets itself up once per `key`). */
export interface SearchSetup {
  /** Names one search: a worker keeps its set-up and its replay cache while the key stays the same. */
  readonly key: string;
  readonly source: PolicySource;
  readonly contexts: readonly ContextId[];
  readonly preempt: number;
  readonly mask: readonly string[];
  readonly config: WorldConfig;
}

export interface Task {
  readonly setup: SearchSetup;
  /** States, each `[depth, steps, op, run, op, run, ...]` (its path from the root), `count` of them. */
  readonly nodes: Int32Array;
  readonly count: number;
}

/**
 * A violation found: on a transition from state `parent`, or (`child` >= 0) by the drain of the
 * state that child `child` reached (which counts only when that state is new).
 */
export interface TaskFound {
  readonly parent: number;
  readonly op: number;
  readonly run: number;
  readonly steps: number;
  readonly code: string;
  readonly child: number;
}

/** Per child: its parent (index in the task), op, run, steps, and its fingerprint's halves. */
export const CHILD_INTS = 6;

export interface TaskResult {
  readonly children: Int32Array;
  readonly n: number;
  readonly found: TaskFound[];
  readonly transitions: number;
}

interface Session {
  readonly key: string;
  readonly x: Expander;
  readonly fp: Fingerprinter;
  /** The path rebuilt last (op, run pairs) and the worlds along it: `worlds[i]` after `i` ops. */
  readonly path: number[];
  readonly worlds: World[];
}

let session: Session | null = null;

async function loadPolicy(source: PolicySource): Promise<Policy> {
  if ('name' in source) {
    const name = resolvePolicyName(source.name);
    if (name === undefined) throw new Error(`unknown policy ${source.name}`);
    return policies[name];
  }
  const mod = (await import(pathToFileURL(resolve(source.file)).href)) as Record<string, unknown>;
  return (mod.default ?? mod.policy) as Policy;
}

async function sessionFor(s: SearchSetup): Promise<Session> {
  if (session !== null && session.key === s.key) return session;
  const policy = await loadPolicy(s.source);
  const x = new Expander(policy, s, new Set(s.mask), s.config, false);
  session = { key: s.key, x, fp: new Fingerprinter(await loadHasher()), path: [], worlds: [createWorld(s.config)] };
  return session;
}

/** The world at the end of the path at `at` in `nodes` (`depth` pairs after two header ints). */
function rebuild(ses: Session, nodes: Int32Array, at: number, depth: number): World {
  const { x, path, worlds } = ses;
  let same = 0;
  while (same < depth && 2 * same + 1 < path.length) {
    const o = at + 2 + 2 * same;
    if (path[2 * same] !== nodes[o] || path[2 * same + 1] !== nodes[o + 1]) break;
    same++;
  }
  path.length = 2 * same;
  worlds.length = same + 1;
  for (let i = same; i < depth; i++) {
    const op = nodes[at + 2 + 2 * i] as number;
    const run = nodes[at + 3 + 2 * i] as number;
    worlds.push(x.replay(worlds[i] as World, i, x.opAt(op), run));
    path.push(op, run);
  }
  return worlds[depth] as World;
}

export async function runTask(task: Task): Promise<TaskResult> {
  const ses = await sessionFor(task.setup);
  const { x, fp } = ses;
  const found: TaskFound[] = [];
  let children = new Int32Array(CHILD_INTS * 256);
  let n = 0;
  let transitions = 0;
  const h = new Uint32Array(2);
  const nodes = task.nodes;
  let parent = 0;
  let opNum = 0;
  const sink: TransitionSink = (_op, run, steps, e, world, spare) => {
    transitions++;
    if (e.stopped && e.violation === null) return;
    if (e.violation !== null) {
      found.push({ parent, op: opNum, run, steps, code: e.violation.code, child: -1 });
      return;
    }
    fp.hash(world, h);
    if ((n + 1) * CHILD_INTS > children.length) {
      const bigger = new Int32Array(children.length * 2);
      bigger.set(children);
      children = bigger;
    }
    const o = n * CHILD_INTS;
    children[o] = parent;
    children[o + 1] = opNum;
    children[o + 2] = run;
    children[o + 3] = steps;
    children[o + 4] = h[0] as number;
    children[o + 5] = h[1] as number;
    // What the end of a run would do from here (the main thread keeps it if the state is new).
    if (needsDrain(world)) {
      const d = x.drain(spare ? world : cloneWorld(world));
      if (d !== null) found.push({ parent, op: opNum, run, steps: steps + d.steps, code: d.code, child: n });
    }
    n++;
  };
  let at = 0;
  for (let i = 0; i < task.count; i++) {
    const depth = nodes[at] as number;
    const steps = nodes[at + 1] as number;
    const world = rebuild(ses, nodes, at, depth);
    parent = i;
    for (const op of x.enabled(world)) {
      opNum = x.opIndex(op);
      x.expand(world, depth, steps, null, [], op, false, sink);
    }
    at += 2 + 2 * depth;
  }
  // Just the children (a view would send its whole buffer).
  return { children: children.slice(0, n * CHILD_INTS), n, found, transitions };
}
