import { describe, expect, it } from 'vitest';
import { run } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { handLoop } from './hand-loop.ts';

const fixed = policies['i915-2015-e2273302'];
const b01 = policies['i915-2015-before-e2273302'];
const checker = () => makeChecker(Object.values(invariants));

describe('handLoop', () => {
  it('executes, op for op, the steps the engine executes, and ends in the same world', () => {
    let runs = 0;
    const kinds = new Set<string>();
    const h = handLoop(7, 300, checker(), fixed, {
      onRun: (ops, w, steps) => {
        for (const op of ops) kinds.add(op.kind);
        const r = run(fixed, ops, { checker: checker() });
        expect(r.violation).toBeNull();
        expect(r.steps).toBe(steps);
        expect(JSON.stringify(r.world)).toBe(JSON.stringify(w));
        runs++;
      },
    });
    expect(h.violation).toBeNull();
    expect(runs).toBe(300);
    expect([...kinds].sort()).toEqual(['bind', 'close', 'create', 'execbuf', 'shrink', 'signal', 'unbind']);
    expect(h.steps).toBeGreaterThan(300 * 10);
  });

  it('finds B01 when it maps at every bind', () => {
    const h = handLoop(7, 1000, checker(), b01, { mapPerBind: true });
    expect(h.violation?.code).toBe('MAP-SINGLE');
  });
});
