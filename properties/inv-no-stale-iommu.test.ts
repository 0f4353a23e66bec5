import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { policies } from '../policies/index.ts';

const fixed = policies['i915-2019-userptr-484d9a8'];
const only = ['INV-NO-STALE-IOMMU'] as const;

describe('INV-NO-STALE-IOMMU', () => {
  it("fires on amdgpu's 2018 notifier, which keeps the sg table and IOMMU mapping", () => {
    const r = checkOps(policies['amdgpu-2018-mn-keeps-sg'], [S.create('userptr'), S.execbuf(0, 0), S.invalidate(0)], {
      only,
    });
    expect(r.violation?.code).toBe('INV-NO-STALE-IOMMU');
    expect(r.violation?.message).toMatch(
      /returned with its sg table sg#0 and 1 IOMMU mapping\(s\) of the old pages still live/,
    );
  });

  it('is silent when the notifier puts the pages before returning', () => {
    const ops = [S.create('userptr'), S.bind(0, 0), S.worker(0), S.execbuf(0, 0), S.invalidate(0)];
    const r = checkOps(fixed, ops, { only });
    expect(r.violation).toBeNull();
    expect(r.world.mappings.every((m) => !m.live)).toBe(true);
  });

  test.prop([opsArb(optionsFor(fixed))])('is silent on the fixed userptr policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
