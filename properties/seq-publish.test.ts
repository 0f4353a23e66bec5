import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { policies } from '../policies/index.ts';

const fixed = policies['i915-2019-userptr-484d9a8'];
const only = ['SEQ-PUBLISH'] as const;
// The worker gathers the pages (dispatch, mmap_lock, gup) and is preempted; the range is zapped;
// the worker resumes and publishes.
const race = [S.create('userptr'), S.bind(0, 0), S.worker(0, { run: 3 }), S.invalidate(0), S.resume('W')];

describe('SEQ-PUBLISH', () => {
  it('fires when the worker publishes pages gathered before an invalidation (no token check)', () => {
    const r = checkOps(policies['i915-userptr-worker-without-token'], race, { only });
    expect(r.violation?.code).toBe('SEQ-PUBLISH');
    expect(r.violation?.message).toMatch(
      /obj->pages published for obj#0 with pages \[\d+, \d+\], which the range no longer maps/,
    );
  });

  it('is silent when the token check drops them', () => {
    const r = checkOps(fixed, race, { only });
    expect(r.violation).toBeNull();
    expect(r.world.objects[0]?.sg).toBe(-1);
  });

  test.prop([opsArb(optionsFor(fixed))])('is silent on the fixed userptr policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
