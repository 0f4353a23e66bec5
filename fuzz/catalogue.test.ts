import { describe, expect, it } from 'vitest';
import { configFor, type Platform, type Policy } from '../model/index.ts';
import { expectsOn, fixedTwin, platformsOf, policies } from '../policies/index.ts';
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

/**
 * Where a policy's bugs are checked here: its default machine, or, for a policy that confines codes
 * to some machines (`onlyOn`), each of its platforms (B02's stale PTE faults under strict
 * invalidation and lands in a reused page under a flush queue; the vmwgfx proxy lies only in an
 * SEV guest). `npm run fuzz` checks every platform of every policy.
 */
function homes(p: Policy): readonly (Platform | undefined)[] {
  return p.onlyOn === undefined ? [undefined] : platformsOf(p);
}

function configOn(p: Policy, platform: Platform | undefined) {
  return platform === undefined ? configFor(p) : configFor(p, { platform });
}

/** The codes a policy declares but its diagnostics (reachable only under small limits: Invariant.diagnostic). */
function checked(p: Policy): string[] {
  return p.expects.filter((code) => (invariants as Record<string, Invariant>)[code]?.diagnostic !== true);
}

describe('catalogue', () => {
  describe.each(buggy.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    it('breaks every invariant it declares, and only those', async () => {
      const codes: string[] = [];
      for (const platform of homes(p)) {
        const r = await fuzzPolicy(p, { seed: TEST_SEED, runs: TEST_RUNS, config: configOn(p, platform) });
        const here = r.found.map((f) => f.violation.code);
        const allowed = platform === undefined ? p.expects : expectsOn(p, platform.name);
        for (const c of here) expect(allowed, `${c} on ${platform?.name ?? 'its default'}`).toContain(c);
        codes.push(...here);
        // Every counterexample is short: the catalogue's bugs need a handful of ops (the longest,
        // exporter-2015-cached-sg's DIRTY-AFTER-TEARDOWN, 8 with a dynamic importer, 9 without).
        for (const f of r.found) expect(f.ops.length).toBeLessThanOrEqual(9);
      }
      expect(codes.length).toBeGreaterThan(0);
      for (const c of checked(p)) expect(codes, `${c} not reached`).toContain(c);
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
      const guards: Record<string, number> = {};
      for (const platform of homes(p)) {
        const config = configOn(fix as Policy, platform);
        const r = await fuzzPolicy(fix as Policy, { seed: TEST_SEED, runs: TEST_RUNS, config });
        expect(r.found).toEqual([]);
        for (const [code, n] of Object.entries(r.coverage.guards)) guards[code] = (guards[code] ?? 0) + n;
      }
      for (const code of checked(p)) expect(guards[code] ?? 0, code).toBeGreaterThan(0);
    });
  });
});
