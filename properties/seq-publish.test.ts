import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { i915Userptr } from '../policies/i915-userptr/policy.ts';
import { policies } from '../policies/index.ts';

const fixed = policies['i915-2019-userptr-interval-seq'];
const rangeStartOnly = policies['i915-2019-userptr-484d9a8'];
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
    for (const p of [rangeStartOnly, fixed]) {
      const r = checkOps(p, race, { only });
      expect(r.violation).toBeNull();
      expect(r.world.objects[0]?.sg).toBe(-1);
    }
  });

  // The zap stops after its notifier callback returned and before the core mm zaps the range; a
  // worker queued after the callback gathers the pages about to go, and the token is its own.
  const afterCallback = [
    S.create('userptr'),
    S.invalidate(0, false, { run: 8 }),
    S.execbuf(0, 0),
    S.worker(0),
    S.resume('M'),
    S.bind(0, 0),
  ];

  it('fires on a range_start-only notifier: a worker queued after the callback publishes (ea25c4317946)', () => {
    const r = checkOps(rangeStartOnly, afterCallback, { only });
    expect(r.violation?.message).toMatch(
      /^GPU PTEs of vma#0 written for obj#0 with pages \[0, 1\], which the range no longer maps/,
    );
  });

  it('is silent with the interval sequence alone: mmu_interval_read_retry drops what the token would', () => {
    const seqOnly = i915Userptr({
      name: 'test-seq-without-token',
      summary: 'the interval sequence, no work token',
      source: 'test',
      expects: [],
      invalidate: 'sync',
      tokenCheck: false,
      dirtyFirst: false,
      intervalSeq: true,
    });
    const r = checkOps(seqOnly, race, { only });
    expect(r.violation).toBeNull();
    expect(r.world.objects[0]?.sg).toBe(-1);
  });

  it('is silent when the worker waits the invalidation out and rechecks the interval sequence', () => {
    const r = checkOps(fixed, afterCallback, { only });
    expect(r.violation).toBeNull();
    // The worker slept in mmu_interval_read_begin until the zap ended, then gathered fresh pages.
    expect(r.world.objects[0]?.sg).not.toBe(-1);
  });

  test.prop([opsArb(optionsFor(fixed))])('is silent on the fixed userptr policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
