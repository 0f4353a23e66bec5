import { CONTEXTS, type ContextId, MAX_PREEMPT } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { DEFAULT_DEPTH, DEFAULT_OBJECTS, DEFAULT_VMS, loadHasher, search } from '../verify/index.ts';

/**
 * `node --import tsx bench/verify-rate.ts POLICY [DEPTH]`: one search at the default bounds (or
 * DEPTH), timed: states, transitions, states/s on one thread, bytes per state of the visited set.
 */
const name = process.argv[2] ?? 'i915-2015-e2273302';
const policy = (policies as Record<string, (typeof policies)[keyof typeof policies]>)[name];
if (policy === undefined) throw new Error(`unknown policy ${name}`);
const depth = Number(process.argv[3] ?? DEFAULT_DEPTH);
const h64 = await loadHasher();
const contexts = CONTEXTS.map((_, i) => i as ContextId);
const r = await search(
  policy,
  { depth, objects: DEFAULT_OBJECTS, vms: DEFAULT_VMS, contexts, preempt: MAX_PREEMPT },
  h64,
);
const s = r.stats;
console.log(
  JSON.stringify({
    policy: name,
    depth,
    found: r.found?.code ?? null,
    states: s.states,
    transitions: s.transitions,
    seconds: s.elapsedMs / 1000,
    statesPerSecond: Math.round((s.states * 1000) / s.elapsedMs),
    visitedBytesPerState: Math.round(s.visitedBytes / s.states),
  }),
);
