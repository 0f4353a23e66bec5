import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzPolicy, TEST_SEED } from '../fuzz/index.ts';
import { CONTEXTS, type ContextId, MAX_PREEMPT } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import { policyBounds } from './bounds.ts';
import { type H64, loadHasher } from './fingerprint.ts';
import { type Bounds, boundedConfig, search } from './search.ts';
import { bfsFinalPass } from './shorten.ts';

/**
 * Fuzzing's shrunk counterexamples are minimal: for each buggy catalogued policy and each code
 * fuzzing finds (diagnostics aside: a resource running out, as long as the resource is large),
 * breadth-first search within the policy's default bounds (`policyBounds`: its own, `Policy.verify`,
 * where the global ones do not hold its bugs, else 2 objects, 2 address spaces, every context)
 * proves no shorter sequence violates that code (the search masks every other code, so it looks
 * for that one alone). Fuzzing shrinks as `dmacheck fuzz` does, its exhaustive final pass
 * (`bfsFinalPass`) included. Counterexamples up to one op past the bound's depth are certified
 * minimal (a search of depth n-1); a longer one is certified to need more ops than the bound holds.
 * So for every code BFS finds within the default bounds, fuzzing's op count is the BFS-minimal one.
 * DMACHECK_MINIMALITY_OPS caps the certified length (a quicker, weaker run).
 */
const CAP = Number(process.env.DMACHECK_MINIMALITY_OPS ?? Number.POSITIVE_INFINITY);
const ALL = Object.keys(invariants);
/** Fuzzing's world: the global default objects and address spaces, every context. */
const FUZZ: Bounds = {
  depth: 1,
  objects: 2,
  vms: 2,
  contexts: CONTEXTS.map((_, i) => i as ContextId),
  preempt: MAX_PREEMPT,
};

let h64: H64;
/** Counterexamples certified minimal, across the policies; and those of a policy's own bound. */
let certified = 0;
let ownBound = 0;
beforeAll(async () => {
  h64 = await loadHasher();
});

describe('fuzz counterexamples against BFS', () => {
  const buggy = Object.values(policies).filter((p) => p.expects.length > 0);
  for (const p of buggy) {
    it(`no shorter sequence breaks what fuzzing found on ${p.name}`, async () => {
      const config = boundedConfig(p, FUZZ);
      const fuzzed = await fuzzPolicy(p, { seed: TEST_SEED, runs: 1000, config, finalPass: bfsFinalPass(h64) });
      const own = policyBounds(p);
      for (const f of fuzzed.found) {
        const n = f.ops.length;
        const code = f.violation.code;
        if (n < 2 || (invariants as Record<string, Invariant>)[code]?.diagnostic === true) continue;
        const depth = Math.min(n - 1, own.depth, CAP - 1);
        const r = await search(p, { ...own, depth }, h64, new Set(ALL.filter((c) => c !== code)));
        expect(r.stopped).toBeNull();
        expect(r.found === null ? null : `${code} in ${r.found.ops.length} ops`, `${p.name} ${code}`).toBeNull();
        certified++;
        if (p.verify !== undefined && depth >= 5) ownBound++;
      }
    }, 300_000);
  }

  it('certified counterexamples of most buggy policies, the long dma-buf ones within their own bound (the check is not vacuous)', () => {
    process.stdout.write(
      `minimality: ${certified} counterexamples certified, ${ownBound} of 5 ops or more within a policy's own bound\n`,
    );
    expect(certified).toBeGreaterThanOrEqual(15);
    if (CAP === Number.POSITIVE_INFINITY) expect(ownBound).toBeGreaterThanOrEqual(10);
  });
});
