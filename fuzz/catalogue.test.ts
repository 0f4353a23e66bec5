import { describe, expect, it } from 'vitest';
import type { Policy } from '../model/index.ts';
import { fixedTwin, policies } from '../policies/index.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import { fuzzPolicy, TEST_RUNS, TEST_SEED } from './index.ts';

/**
 * The main fuzz job as a test: every built-in policy against every invariant. A buggy policy must
 * be caught, with only what it declares; a fixed one must run clean over five times the budget.
 * DMACHECK_RUNS raises the budget, DMACHECK_SEED changes the seed.
 */
const all = Object.values(policies) as Policy[];
const buggy = all.filter((p) => p.expects.length > 0);
const clean = all.filter((p) => p.expects.length === 0);

/** The codes a policy declares but its diagnostics (reachable only under small limits: Invariant.diagnostic). */
function checked(p: Policy): string[] {
  return p.expects.filter((code) => (invariants as Record<string, Invariant>)[code]?.diagnostic !== true);
}

describe('catalogue', () => {
  describe.each(buggy.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    it('breaks every invariant it declares, and only those', async () => {
      const r = await fuzzPolicy(p, { seed: TEST_SEED, runs: TEST_RUNS });
      const codes = r.found.map((f) => f.violation.code);
      expect(codes.length).toBeGreaterThan(0);
      for (const c of codes) expect(p.expects).toContain(c);
      for (const c of checked(p)) expect(codes, `${c} not reached`).toContain(c);
      // Every counterexample is short: the catalogue's bugs need a handful of ops (the longest,
      // exporter-2015-cached-sg's DIRTY-AFTER-TEARDOWN, 8 with a dynamic importer, 9 without).
      for (const f of r.found) expect(f.ops.length).toBeLessThanOrEqual(9);
    });
  });

  describe.each(clean.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    it('runs clean', async () => {
      const r = await fuzzPolicy(p, { seed: TEST_SEED, runs: TEST_RUNS * 5 });
      expect(r.found.map((f) => `${f.violation.code}: ${f.violation.message}`)).toEqual([]);
      // The main search, then each of the policy's own phases (a tenth of the runs), each clean through its budget.
      expect(r.runs).toBe(TEST_RUNS * 5 + (p.phases?.length ?? 0) * Math.ceil((TEST_RUNS * 5) / 10));
    });
  });

  it("shrinks the e2273302 leak to create; bind; bind (the commit's own sequence)", async () => {
    const r = await fuzzPolicy(policies['i915-2015-before-e2273302'], {
      seed: TEST_SEED,
      runs: TEST_RUNS,
      maxViolations: 1,
    });
    const f = r.found[0];
    expect(f?.violation.code).toBe('MAP-SINGLE');
    expect(f?.ops.length).toBe(3);
    const [a, b, c] = f?.ops ?? [];
    expect(a?.kind).toBe('create');
    // The two later ops each bind obj#0 into an address space, two different ones: a bind, an
    // execbuf that binds, or a CPU fault on a GTT mmap (i915_gem_fault binds into the GGTT).
    expect(['bind', 'execbuf', 'fault']).toContain(b?.kind);
    expect(['bind', 'execbuf', 'fault']).toContain(c?.kind);
    expect(b?.vm).not.toBe(c?.vm);
  });

  describe.each(buggy.map((p) => [p.name, p] as const))('coverage of the fix of %s', (_name, p) => {
    it('reaches, in clean runs, every situation the buggy policy breaks in', async () => {
      const fix = fixedTwin(p);
      expect(fix).toBeDefined();
      const r = await fuzzPolicy(fix as Policy, { seed: TEST_SEED, runs: TEST_RUNS });
      expect(r.found).toEqual([]);
      for (const code of checked(p)) expect(r.coverage.guards[code] ?? 0, code).toBeGreaterThan(0);
    });
  });
});
