import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor } from '../generators/index.ts';
import { configFor } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { cloneWorld } from './clone.ts';

describe('cloneWorld', () => {
  it('copies every world the fuzzer reaches exactly, and shares nothing a step changes', () => {
    for (const p of Object.values(policies)) {
      const arb = opsArb(optionsFor(p, { config: configFor(p) }));
      for (const ops of fc.sample(arb, { seed: 3, numRuns: 15 })) {
        const w = checkOps(p, ops, { config: configFor(p) }).world;
        const c = cloneWorld(w);
        expect(c).toStrictEqual(w);
        expect(c.pages).not.toBe(w.pages);
        expect(c.objects[0]).not.toBe(w.objects[0]);
        expect(c.lockdep.dep).not.toBe(w.lockdep.dep);
        expect(c.contexts[0]?.held).not.toBe(w.contexts[0]?.held);
      }
    }
  });
});
