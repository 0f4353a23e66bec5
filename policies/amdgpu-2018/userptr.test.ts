import { describe, expect, it } from 'vitest';
import { S } from '../../generators/index.ts';
import { type Policy, run, type World } from '../../model/index.ts';
import { type Invariant, makeChecker } from '../../properties/index.ts';
import { policies } from '../index.ts';

/**
 * What 1ed3d2567c80 "drm/amdgpu: keep the MMU lock until the update ends v4" changed, observed with
 * a test-only check (no catalogue invariant sees it, which is why the catalogue cannot tell the
 * two policies apart): whether a command submission adds its fence to a userptr BO after the
 * notifier callback ran and before invalidate_range_end, while the core mm is updating the CPU
 * page tables of its range. A fence added before the callback runs is legal: the callback waits.
 */
const noFenceAfterCallback: Invariant = {
  code: 'TEST-NO-FENCE-IN-UPDATE',
  summary: 'no fence is added between the notifier callback and invalidate_range_end',
  source: 'test',
  events: {
    resv_add_fence: (w: World) =>
      (w.mm.seq & 1) === 1 && w.objects[0]?.useq === w.mm.seq
        ? 'fence added after the notifier ran, while the CPU page tables are being updated'
        : null,
  },
};

/** The invalidation stops `stopAfter` steps in; a CS gathers, writes the PTEs and commits; the invalidation resumes. */
function fenceInUpdate(p: Policy, stopAfter: number): string | null {
  const ops = [S.create('userptr'), S.invalidate(0, false, { run: stopAfter }), S.execbuf(0, 0), S.resume('M')];
  return run(p, ops, { checker: makeChecker([noFenceAfterCallback]) }).violation?.message ?? null;
}

describe('amdgpu 2018 userptr notifier lock', () => {
  // 1 to 7 steps in, the callback has not returned yet (or holds the lock); 8 to 12, it has and
  // the zap, invalidate_range_end and the end of the invalidation are still to come.
  const afterCallback = [8, 9, 10, 11, 12];

  it('lets a CS add its fence during the CPU page-table update when the lock goes at callback return', () => {
    for (const r of afterCallback) {
      expect(fenceInUpdate(policies['amdgpu-2018-before-1ed3d2567c80'], r), `${r}`).toMatch(/after the notifier ran/);
    }
  });

  it('makes the CS wait for invalidate_range_end when the lock is held until then (1ed3d2567c80)', () => {
    for (let r = 1; r <= 14; r++) expect(fenceInUpdate(policies['amdgpu-2018-mn-keeps-sg'], r), `${r}`).toBeNull();
  });
});
