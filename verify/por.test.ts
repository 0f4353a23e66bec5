import { beforeAll, describe, expect, it } from 'vitest';
import { type ContextId, CTX, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type H64, loadHasher } from './fingerprint.ts';
import type { Bounds } from './search.ts';
import { verifyPolicy } from './verify.ts';

/**
 * Sleep sets keep every violation: every catalogued buggy policy, searched with and without the
 * reduction within small bounds, breaks the same invariants with the same fewest ops. The
 * transitions the reduction saved are printed.
 */
let h64: H64;
beforeAll(async () => {
  h64 = await loadHasher();
});

const contexts = (['U0', 'U1', 'R', 'G'] as const).map((n) => CTX[n] as ContextId);
const small: Bounds = { depth: 3, objects: 1, vms: 2, contexts, preempt: 12 };
const buggy = (Object.values(policies) as Policy[]).filter((p) => p.expects.length > 0);

describe('partial-order reduction', () => {
  it('finds the same violations at the same fewest ops on every buggy policy, with fewer transitions', async () => {
    const rows: string[] = [];
    let with_ = 0;
    let without = 0;
    for (const p of buggy) {
      const off = await verifyPolicy(p, small, h64, { por: false });
      const on = await verifyPolicy(p, small, h64, { por: true });
      const shape = (r: typeof on) => r.found.map((f) => `${f.violation.code}:${f.ops.length}`);
      expect(shape(on), p.name).toEqual(shape(off));
      expect(on.stopped).toBeNull();
      // Sleep sets lose no state; a few fewer fingerprints may be reached where the encoding is
      // exact (an op in flight) and two orders leave equivalent worlds numbered differently.
      expect(on.stats.states, p.name).toBeLessThanOrEqual(off.stats.states);
      expect(on.stats.transitions, p.name).toBeLessThanOrEqual(off.stats.transitions);
      with_ += on.stats.transitions;
      without += off.stats.transitions;
      rows.push(
        `${p.name}: ${shape(on).join(' ') || 'clean'}; transitions ${off.stats.transitions} -> ${on.stats.transitions}`,
      );
    }
    process.stdout.write(`${rows.join('\n')}\nsleep sets: ${without} -> ${with_} transitions\n`);
    expect(with_).toBeLessThan(without);
  }, 300_000);
});
