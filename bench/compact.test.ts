import { describe, expect, it } from 'vitest';
import { Prng } from '../fuzz/prng.ts';
import { CTX, DEFAULT_CONFIG, OP_KINDS } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { compactFuzz, decodeOp } from './compact.ts';

describe('compact choices (experiment)', () => {
  it('decodes every op kind, leaving at 0 the fields opsArb leaves at 0', () => {
    const rng = new Prng(1);
    const ops = Array.from({ length: 2000 }, () => decodeOp(rng.next() >>> 1, DEFAULT_CONFIG));
    expect(new Set(ops.map((op) => op.kind))).toEqual(new Set(OP_KINDS));
    for (const op of ops) {
      if (op.kind === 'close' || op.kind === 'create') expect(op.vm).toBe(0);
      if (op.kind === 'signal') expect(op.ctx).toBe(CTX.G);
      if (op.kind === 'shrink') expect(op.ctx).toBe(CTX.R);
      expect(op.obj).toBeLessThan(DEFAULT_CONFIG.maxObjects);
      expect(op.vm).toBeLessThan(DEFAULT_CONFIG.vms);
    }
  });

  it('runs the fixed policy clean', () => {
    const r = compactFuzz(policies['i915-2015-e2273302'], 1, 300);
    expect(r.failed).toBe(false);
    expect(r.steps).toBeGreaterThan(300 * 5);
  });
});
