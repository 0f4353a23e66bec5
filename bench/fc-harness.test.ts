import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policies } from '../policies/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { executedCommands, harnessProperty, type Model, type Sut } from './fc-harness.ts';
import { kthBindPolicy } from './kth-bind.ts';
import { huntDmacheck, huntHarness } from './time-to-bug.ts';

const checker = () => makeChecker(Object.values(invariants));

describe('fc.commands harness', () => {
  it('runs the fixed policy clean and counts its steps', () => {
    const counter = { steps: 0 };
    const d = fc.check(harnessProperty(policies['i915-2015-e2273302'], checker(), counter), { seed: 1, numRuns: 300 });
    expect(d.failed).toBe(false);
    expect(counter.steps).toBeGreaterThan(300 * 5);
  });

  it('finds B01 and shrinks it to create; bind; bind', () => {
    const p = policies['i915-2015-before-e2273302'];
    const d = fc.check(harnessProperty(p, checker(), { steps: 0 }), { seed: 1, numRuns: 1000 });
    expect(d.failed).toBe(true);
    expect(String(d.errorInstance)).toContain('MAP-SINGLE');
    const cex = d.counterexample?.[0] as Iterable<fc.Command<Model, Sut>>;
    expect(executedCommands(p, checker(), cex)).toBe(3);
  });
});

describe('time to bug', () => {
  it('hunts with both tools and reports the shrunk length', async () => {
    const p = policies['i915-2013-before-9490edb'];
    const d = await huntDmacheck(p, 1, { runs: 1000, timeLimit: 10 });
    const h = huntHarness(p, 1, { runs: 1000, timeLimit: 10 });
    expect([d.found, h.found]).toEqual([true, true]);
    expect(p.expects).toContain(d.code);
    expect(p.expects).toContain(h.code);
    expect(d.shrunk).toBe(3);
    expect(d.steps).toBeGreaterThan(0);
  });

  it('needs k binds for the k-th bind variant', async () => {
    const d = await huntDmacheck(kthBindPolicy(4), 1, { runs: 20_000, timeLimit: 10 });
    expect(d.code).toBe('MAP-SINGLE');
    // Each of bind, execbuf and a GTT fault (i915_gem_fault binds into the GGTT) binds the object.
    const binds = (d.ops ?? []).filter((op) => ['bind', 'execbuf', 'fault'].includes(op.kind)).length;
    expect(binds).toBeGreaterThanOrEqual(4);
  });
});
