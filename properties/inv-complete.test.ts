import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { policies } from '../policies/index.ts';

const fixed = policies['i915-2019-userptr-484d9a8'];
const only = ['INV-COMPLETE'] as const;
// bind queues the worker (-EAGAIN); the worker publishes; the second bind succeeds; then munmap.
const boundThenInvalidated = [S.create('userptr'), S.bind(0, 0), S.worker(0), S.bind(0, 0), S.invalidate(0)];

describe('INV-COMPLETE', () => {
  it('fires when the notifier only queues the teardown (380996aa)', () => {
    const r = checkOps(policies['i915-2015-userptr-380996aa'], boundThenInvalidated, { only });
    expect(r.violation?.code).toBe('INV-COMPLETE');
    expect(r.violation?.message).toMatch(/invalidate\(\) returned while 1 VMA\(s\) still have GPU PTEs/);
  });

  it('is silent when the notifier unbinds before returning (484d9a8)', () => {
    const r = checkOps(fixed, boundThenInvalidated, { only });
    expect(r.violation).toBeNull();
    expect(r.world.objects[0]?.bindCount).toBe(0);
  });

  test.prop([opsArb(optionsFor(fixed))])('is silent on the fixed userptr policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
