import { beforeAll, describe, expect, it } from 'vitest';
import type { Shard } from '../fuzz/index.ts';
import { type ContextId, CTX } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type H64, loadHasher } from './fingerprint.ts';
import type { Bounds, Budget } from './search.ts';
import { frontierSplit, type Split } from './shard.ts';
import { verifyPolicy } from './verify.ts';

let h64: H64;
beforeAll(async () => {
  h64 = await loadHasher();
});

const ctxs = (...names: (keyof typeof CTX)[]) => names.map((n) => CTX[n] as ContextId);
const small: Bounds = { depth: 3, objects: 1, vms: 2, contexts: ctxs('U0', 'U1', 'R', 'G'), preempt: 12 };
/** i915-2019-userptr-484d9a8's SEQ-PUBLISH is in 4 ops here, within two of three shards' parts only. */
const userptr: Bounds = { depth: 4, objects: 1, vms: 1, contexts: ctxs('U0', 'M', 'W'), preempt: 12 };

/** Each code's shortest counterexample (ops, steps), over a set of results. */
async function shortest(name: keyof typeof policies, bounds: Bounds, split?: (s: Shard) => Budget['split']) {
  const p = policies[name];
  const runs = split === undefined ? [{}] : [1, 2, 3].map((index) => ({ split: split({ index, count: 3 }) }));
  const best = new Map<string, [number, number]>();
  let states = 0;
  for (const budget of runs) {
    const r = await verifyPolicy(p, bounds, h64, budget);
    expect(r.stopped).toBeNull();
    states += r.stats.states;
    for (const f of r.found) {
      const b = best.get(f.violation.code);
      if (b === undefined || f.ops.length < b[0] || (f.ops.length === b[0] && f.steps < b[1])) {
        best.set(f.violation.code, [f.ops.length, f.steps]);
      }
    }
  }
  return { found: Object.fromEntries([...best].sort()), states };
}

describe('verify --shard (frontierSplit)', () => {
  const cases: [keyof typeof policies, Bounds][] = [
    ['i915-2015-before-e2273302', small],
    ['i915-2015-e2273302', small],
    ['i915-2019-userptr-484d9a8', userptr],
  ];
  for (const [name, bounds] of cases) {
    it(`3 shards of ${name} find what the whole search finds, each code at its shortest`, async () => {
      const splits: Split[][] = [[], [], []];
      const whole = await shortest(name, bounds);
      const parts = await shortest(name, bounds, (s) =>
        frontierSplit(s, bounds.depth, (x) => splits[s.index - 1]?.push(x)),
      );
      expect(parts.found).toEqual(whole.found);
      // The first search's frontier was divided, each state to exactly one shard.
      const firsts = splits.map((x) => x[0] as Split);
      expect(new Set(firsts.map((x) => `${x.depth} ${x.frontier}`)).size).toBe(1);
      expect(firsts.reduce((a, x) => a + x.kept, 0)).toBe(firsts[0]?.frontier);
    });
  }

  it('a split that drops part of the frontier misses what is there (the check is not vacuous)', async () => {
    const whole = await shortest('i915-2019-userptr-484d9a8', userptr);
    expect(whole.found).toEqual({ 'SEQ-PUBLISH': [4, 23] });
    // Every shard keeps shard 3's states only.
    const broken = await shortest('i915-2019-userptr-484d9a8', userptr, () =>
      frontierSplit({ index: 3, count: 3 }, userptr.depth),
    );
    expect(broken.found).toEqual({});
  });

  it('splits once per search, at the first level with enough states or the last expanded one', () => {
    const seen: Split[] = [];
    const f = frontierSplit({ index: 2, count: 4 }, 4, (s) => seen.push(s), 16);
    expect(f(1, 10)).toBeNull();
    const keep = f(2, 100);
    expect(keep?.(1)).toBe(true);
    expect(keep?.(2)).toBe(false);
    expect(f(3, 1000)).toBeNull();
    // A new search (the next violation kind, masked): its levels start again.
    expect(f(1, 10)).toBeNull();
    expect(f(2, 10)).toBeNull();
    expect(f(3, 10)?.(5)).toBe(true);
    expect(seen).toEqual([
      { depth: 2, frontier: 100, kept: 25 },
      { depth: 3, frontier: 10, kept: 3 },
    ]);
  });
});
