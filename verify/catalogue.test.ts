import { beforeAll, describe, expect, it } from 'vitest';
import { CTX, type Policy } from '../model/index.ts';
import { fixedTwin, policies } from '../policies/index.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import { catalogueMachines, policyBounds } from './bounds.ts';
import { type H64, loadHasher } from './fingerprint.ts';
import { DEFAULT_DEPTH, DEFAULT_OBJECTS, DEFAULT_VMS } from './search.ts';
import { verifyPolicy } from './verify.ts';

/**
 * `verify --all` as a test: every catalogued policy within its default bound (its own, `Policy.verify`,
 * or the global one). A fixed policy is verified clean; a buggy one breaks every invariant it
 * declares (diagnostics aside: they need a small IOVA space or debug table), and only those, each at
 * its shortest. The full bounds take minutes (DMACHECK_VERIFY=full); by default every policy is
 * searched two ops deep within its bound, which checks the fixed ones and keeps `npm test` quick.
 */
const full = process.env.DMACHECK_VERIFY === 'full';
const all = Object.values(policies) as Policy[];

function checked(p: Policy): string[] {
  return p.expects.filter((code) => (invariants as Record<string, Invariant>)[code]?.diagnostic !== true);
}

let h64: H64;
beforeAll(async () => {
  h64 = await loadHasher();
});

describe('policy bounds', () => {
  it("a policy's own bound replaces the default, and a given bound replaces both", () => {
    const share = policies['exporter-2015-cached-sg'];
    const own = policyBounds(share);
    expect(own.depth).toBe(share.verify?.depth);
    expect(own.objects).toBe(1);
    expect(own.contexts).toEqual([CTX.X, CTX.I, CTX.U0].sort((a, b) => a - b));
    const given = policyBounds(share, { depth: 3, objects: 2 });
    expect([given.depth, given.objects, given.vms]).toEqual([3, 2, share.verify?.vms]);
    const plain = policyBounds(policies['i915-2015-e2273302']);
    expect([plain.depth, plain.objects, plain.vms, plain.contexts.length]).toEqual([
      DEFAULT_DEPTH,
      DEFAULT_OBJECTS,
      DEFAULT_VMS,
      Object.keys(CTX).length,
    ]);
  });

  it('a buggy policy with a bound of its own shares it with its fix (verified where the bug shows)', () => {
    let pairs = 0;
    for (const p of all) {
      const twin = fixedTwin(p);
      if (twin === undefined || p.expects.length === 0 || p.verify === undefined) continue;
      pairs++;
      expect(policyBounds(twin), `${p.name} / ${twin.name}`).toEqual(policyBounds(p));
    }
    expect(pairs).toBeGreaterThanOrEqual(8);
  });
});

describe.each(all.map((p) => [p.name, p] as const))(
  `verify within its default bound${full ? '' : ', two ops deep'}: %s`,
  (_n, p) => {
    it(p.expects.length === 0 ? 'is verified clean' : 'breaks what it declares, and only that', async () => {
      const bounds = full ? policyBounds(p) : policyBounds(p, { depth: 2 });
      const codes: string[] = [];
      for (const machine of catalogueMachines(p)) {
        const r = await verifyPolicy(p, bounds, h64, {}, machine);
        expect(r.stopped).toBeNull();
        codes.push(...r.found.map((f) => f.violation.code));
      }
      for (const c of codes) expect(p.expects).toContain(c);
      if (p.expects.length === 0) expect(codes).toEqual([]);
      else if (full) for (const c of checked(p)) expect(codes, `${c} not within the bound`).toContain(c);
    }, 600_000);
  },
);
