import { fileURLToPath } from 'node:url';
import { CONTEXTS, type ContextId, MAX_PREEMPT, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { DEFAULT_DEPTH, DEFAULT_OBJECTS, DEFAULT_VMS, type H64, loadHasher, search } from '../verify/index.ts';

/** One timed search: its figures. */
export interface VerifyRate {
  readonly policy: string;
  readonly depth: number;
  readonly por: boolean;
  readonly found: string | null;
  readonly states: number;
  readonly transitions: number;
  /** Transitions the sleep sets skipped. */
  readonly slept: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly visitedBytesPerState: number;
  /** The process's peak resident size during the search, in MB (sampled at the progress callbacks). */
  readonly peakRssMb: number;
}

/** The policies the README's and bench/RESULTS.md's tables measure: i915 GEM, userptr, shrinker, dma-buf. */
export const RATE_POLICIES = [
  'i915-2015-e2273302',
  'i915-2019-userptr-interval-seq',
  'i915-2021-shrinker-trylock',
  'dmabuf-reference-exporter',
] as const;

/**
 * A search of `policy` at the default bounds (or `depth`), every context, timed on one thread:
 * states, transitions, states/s, bytes per state of the visited set, peak memory.
 */
export async function verifyRate(policy: Policy, depth: number, por: boolean, h64?: H64): Promise<VerifyRate> {
  const hash = h64 ?? (await loadHasher());
  const contexts = CONTEXTS.map((_, i) => i as ContextId);
  let peak = process.memoryUsage.rss();
  const r = await search(
    policy,
    { depth, objects: DEFAULT_OBJECTS, vms: DEFAULT_VMS, contexts, preempt: MAX_PREEMPT },
    hash,
    new Set(),
    {
      por,
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage.rss());
      },
    },
  );
  peak = Math.max(peak, process.memoryUsage.rss());
  const s = r.stats;
  return {
    policy: policy.name,
    depth,
    por,
    found: r.found?.code ?? null,
    states: s.states,
    transitions: s.transitions,
    slept: s.slept ?? 0,
    seconds: s.elapsedMs / 1000,
    statesPerSecond: Math.round((s.states * 1000) / Math.max(1, s.elapsedMs)),
    visitedBytesPerState: Math.round(s.visitedBytes / s.states),
    peakRssMb: Math.round(peak / 2 ** 20),
  };
}

/**
 * `node --import tsx bench/verify-rate.ts POLICY [DEPTH] [--por]`: one search at the default
 * bounds (or DEPTH), without sleep sets unless `--por`, its figures as one JSON line.
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => a !== '--por');
  const name = args[0] ?? 'i915-2015-e2273302';
  const policy = (policies as Record<string, Policy>)[name];
  if (policy === undefined) throw new Error(`unknown policy ${name}`);
  const depth = Number(args[1] ?? DEFAULT_DEPTH);
  console.log(JSON.stringify(await verifyRate(policy, depth, process.argv.includes('--por'))));
}
