import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, S } from '../generators/index.ts';
import { policies } from '../policies/index.ts';

const fixed = policies['i915-2015-e2273302'];
const buggy = policies['i915-2015-before-e2273302'];
const only = ['MAP-SINGLE'] as const;

describe('MAP-SINGLE', () => {
  it('fires when a second bind maps the same sg table again (e2273302)', () => {
    const r = checkOps(buggy, [S.create(), S.bind(0, 0), S.bind(0, 1)], { only });
    expect(r.violation?.code).toBe('MAP-SINGLE');
    expect(r.violation?.opIndex).toBe(2);
    expect(r.violation?.message).toMatch(/already holds a live mapping: m#0 .* overwritten by m#1/);
  });

  it('is silent when the fixed policy binds the same object into every address space', () => {
    const r = checkOps(fixed, [S.create(), S.bind(0, 0), S.bind(0, 1), S.bind(0, 2)], { only });
    expect(r.violation).toBeNull();
    expect(r.world.objects[0]?.bindCount).toBe(3);
    expect(r.world.mappings.filter((m) => m.live)).toHaveLength(1);
  });

  test.prop([opsArb()])('is silent on the fixed policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
