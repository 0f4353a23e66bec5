import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzPolicy, TEST_SEED } from '../fuzz/index.ts';
import { CONTEXTS, type ContextId, MAX_PREEMPT } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { invariants } from '../properties/index.ts';
import { type H64, loadHasher } from './fingerprint.ts';
import { type Bounds, boundedConfig, search } from './search.ts';
import { bfsFinalPass, FINAL_PASS_LIMITS } from './shorten.ts';

/**
 * Fuzzing's shrunk counterexamples are minimal: for each buggy catalogued policy and each code
 * fuzzing finds within the global default bounds (2 objects, 2 address spaces, every context),
 * breadth-first search proves no shorter sequence violates that code (the search masks every other
 * code, so it looks for that one alone). Fuzzing shrinks as `dmacheck fuzz` does, its exhaustive
 * final pass (`bfsFinalPass`) included. Counterexamples up to `MAX_OPS` ops (5: the default depth,
 * 4, plus one) are certified minimal; a longer one is certified to need more ops than the default
 * depth holds (no counterexample in `MAX_OPS - 1` ops), so that for every code BFS finds within the
 * default bounds, fuzzing's op count is the BFS-minimal one. DMACHECK_MINIMALITY_OPS raises the
 * bound (slow: a search of depth n-1 for each).
 */
const MAX_OPS = Number(process.env.DMACHECK_MINIMALITY_OPS ?? 5);
const ALL = Object.keys(invariants);
const bounds = (depth: number): Bounds => ({
  depth,
  objects: 2,
  vms: 2,
  contexts: CONTEXTS.map((_, i) => i as ContextId),
  preempt: MAX_PREEMPT,
});

let h64: H64;
/** Counterexamples certified minimal, across the policies. */
let certified = 0;
beforeAll(async () => {
  h64 = await loadHasher();
});

describe('fuzz counterexamples against BFS', () => {
  const buggy = Object.values(policies).filter((p) => p.expects.length > 0);
  for (const p of buggy) {
    it(`no shorter sequence breaks what fuzzing found on ${p.name}`, async () => {
      const config = boundedConfig(p, bounds(1));
      const finalPass = bfsFinalPass(h64, {
        ...FINAL_PASS_LIMITS,
        maxOps: Math.min(MAX_OPS, FINAL_PASS_LIMITS.maxOps),
      });
      const fuzzed = await fuzzPolicy(p, { seed: TEST_SEED, runs: 1000, config, finalPass });
      for (const f of fuzzed.found) {
        const n = f.ops.length;
        if (n < 2) continue;
        const code = f.violation.code;
        const r = await search(p, bounds(Math.min(n, MAX_OPS) - 1), h64, new Set(ALL.filter((c) => c !== code)));
        expect(r.stopped).toBeNull();
        expect(r.found === null ? null : `${code} in ${r.found.ops.length} ops`, `${p.name} ${code}`).toBeNull();
        certified++;
      }
    });
  }

  it('certified counterexamples of most buggy policies (the check is not vacuous)', () => {
    expect(certified).toBeGreaterThanOrEqual(15);
  });
});
