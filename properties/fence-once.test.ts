import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, S } from '../generators/index.ts';
import { type FenceId, fenceSignal, program } from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';

const fixed = policies['i915-2015-e2273302'];
const only = ['FENCE-ONCE'] as const;

/** Deliberately broken: completion signals the first fence ever created, every time. */
const signalsFirst = definePolicy({
  ...fixed,
  name: 'test-signals-first-fence',
  programs: { ...fixed.programs, signal: program('signal', { signal: (k) => void fenceSignal(k, 0 as FenceId) }) },
});

/** Deliberately broken: completion signals the newest fence of the timeline first. */
const signalsNewest = definePolicy({
  ...fixed,
  name: 'test-signals-newest-fence',
  programs: {
    ...fixed.programs,
    signal: program('signal', {
      signal: (k, f) => {
        const mine = k.w.fences.filter((x) => x.context === f.arg && !x.signaled);
        const last = mine[mine.length - 1];
        if (last !== undefined) fenceSignal(k, last.id);
      },
    }),
  },
});

describe('FENCE-ONCE', () => {
  it('fires when a fence is signaled twice', () => {
    const r = checkOps(signalsFirst, [S.create(), S.execbuf(0, 0), S.execbuf(0, 0), S.signal('U0'), S.signal('U0')], {
      only,
    });
    expect(r.violation?.message).toBe('dma_fence_signal on fence 0:1, which has already signaled');
  });

  it('fires when a timeline signals out of seqno order', () => {
    const r = checkOps(signalsNewest, [S.create(), S.execbuf(0, 0), S.execbuf(0, 0), S.signal('U0')], { only });
    expect(r.violation?.message).toBe('fence 0:2 signaled before 0:1 of the same timeline');
  });

  it('is silent when each timeline signals its oldest fence', () => {
    const ops = [S.create(), S.execbuf(0, 0), S.execbuf(0, 1, false, { ctx: 'U1' }), S.execbuf(0, 0), S.signal('U1')];
    expect(checkOps(fixed, [...ops, S.signal('U0'), S.signal('U0')], { only }).violation).toBeNull();
  });

  test.prop([opsArb()])('is silent on the fixed policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
