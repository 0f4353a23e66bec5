import type { ShardEntry, ShardFile, ShardViolation } from './merge-read.ts';

type FuzzJson = Extract<ShardEntry, { command: 'fuzz' }>['json'];
type VerifyJson = Extract<ShardEntry, { command: 'verify' }>['json'];

/** One policy's (on one platform) result, folded over the shards that ran a part of it. */
export type Merged = {
  readonly policy: string;
  /** Each invariant's shortest counterexample over the shards. */
  readonly violations: readonly ShardViolation[];
  /** Split across the shards (chunks of runs, a search's frontier): a missing shard leaves it incomplete. */
  readonly partial: boolean;
  /** Incomplete: interrupted, stopped by a budget, or a part of it is missing. */
  readonly cutShort: boolean;
} & (
  | { readonly command: 'fuzz'; readonly json: FuzzJson & { verdict: string } }
  | { readonly command: 'verify'; readonly json: VerifyJson }
);

/**
 * Folds the shards' results, one per policy (and platform): runs, states and coverage add up, each
 * invariant keeps its shortest counterexample (fewest ops, then fewest steps, then the lowest shard),
 * and a result is clean (verified) only when no part of it is missing or was cut short.
 */
export function mergeEntries(shards: readonly ShardFile[], anyMissing: boolean): Merged[] {
  const groups = new Map<string, ShardEntry[]>();
  for (const s of shards) {
    for (const e of s.entries) {
      const key = `${e.json.policy}\u0000${'platform' in e.json ? (e.json.platform ?? '') : ''}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
  }
  const unit = shards[0]?.shard.unit;
  const partial = unit === 'chunks' || unit === 'frontier';
  return [...groups.values()].map((parts) => fold(parts, partial, partial && anyMissing));
}

function fold(parts: readonly ShardEntry[], partial: boolean, lost: boolean): Merged {
  const head = parts[0] as ShardEntry;
  const violations = shortest(
    parts.flatMap((p) => p.violations),
    head.command === 'verify',
  );
  if (head.command === 'fuzz') {
    const js = parts.map((p) => p.json as FuzzJson);
    const interrupted = js.some((j) => j.interrupted);
    const cutShort = interrupted || lost;
    const vs = violations.map((v) => v.json);
    const first = vs[0];
    const { counterexample, trace: _t, ...firstFields } = (first ?? {}) as Record<string, unknown>;
    const json = {
      ...head.json,
      runs: sum(js.map((j) => j.runs)),
      violation: first === undefined ? null : firstFields,
      counterexample: first === undefined ? [] : counterexample,
      violations: vs,
      coverage: coverage(js.map((j) => j.coverage)),
      interrupted,
      verdict: vs.length > 0 ? 'violation' : cutShort ? 'incomplete' : 'clean',
    } as unknown as FuzzJson & { verdict: string };
    return { command: 'fuzz', policy: head.json.policy, violations, partial, cutShort, json };
  }
  const js = parts.map((p) => p.json as VerifyJson);
  const stopped = js.find((j) => j.stopped !== null)?.stopped ?? null;
  const cutShort = stopped !== null || lost;
  const vs = violations.map((v) => v.json);
  const json = {
    ...head.json,
    verdict: vs.length > 0 ? 'violation' : cutShort ? 'incomplete' : 'verified',
    states: sum(js.map((j) => j.states)),
    transitions: sum(js.map((j) => j.transitions)),
    depthReached: Math.min(...js.map((j) => j.depthReached)),
    stopped,
    violation: vs[0] ?? null,
    violations: vs,
  } as unknown as VerifyJson;
  return { command: 'verify', policy: head.json.policy, violations, partial, cutShort, json };
}

/**
 * Each code once, with its shortest counterexample; in the order first found (fuzz), or shortest
 * first, as the breadth-first search finds them (`bfsOrder`, verify).
 */
function shortest(all: readonly ShardViolation[], bfsOrder: boolean): ShardViolation[] {
  const best = new Map<string, ShardViolation>();
  for (const v of all) {
    const b = best.get(v.code);
    if (b === undefined || before(v, b)) best.set(v.code, v);
  }
  const order = [...best.values()];
  const firstSeen = (v: ShardViolation) => all.findIndex((x) => x.code === v.code);
  return order.sort((a, b) => (bfsOrder ? a.ops - b.ops || a.steps - b.steps : 0) || firstSeen(a) - firstSeen(b));
}

function before(a: ShardViolation, b: ShardViolation): boolean {
  return a.ops !== b.ops ? a.ops < b.ops : a.steps !== b.steps ? a.steps < b.steps : a.shard < b.shard;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function coverage(cs: readonly FuzzJson['coverage'][]): FuzzJson['coverage'] {
  const add = (a: Record<string, number>, b: Record<string, number>) => {
    for (const [k, n] of Object.entries(b)) a[k] = (a[k] ?? 0) + n;
    return a;
  };
  const guards: FuzzJson['coverage']['guards'] = {};
  for (const c of cs) {
    for (const [k, g] of Object.entries(c.guards)) {
      guards[k] = { ...g, count: (guards[k]?.count ?? 0) + g.count };
    }
  }
  return {
    ...(cs[0] as FuzzJson['coverage']),
    runs: sum(cs.map((c) => c.runs)),
    steps: sum(cs.map((c) => c.steps)),
    skipped: sum(cs.map((c) => c.skipped)),
    ops: cs.reduce((a, c) => add(a, c.ops), {} as Record<string, number>),
    contexts: cs.reduce((a, c) => add(a, c.contexts), {} as Record<string, number>),
    guards,
  };
}
