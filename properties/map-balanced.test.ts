import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, S } from '../generators/index.ts';
import { DIR, dmaUnmapSg, GPU, NONE, objAt, sgAt } from '../model/index.ts';
import { shmemPutPages } from '../policies/i915-2015/shmem.ts';
import { definePolicy, policies } from '../policies/index.ts';

const fixed = policies['i915-2015-e2273302'];
const only = ['MAP-BALANCED'] as const;

/** Deliberately broken: unmaps with the wrong direction (mapped BIDIRECTIONAL). */
const wrongDir = definePolicy({
  ...fixed,
  name: 'test-unmap-wrong-dir',
  putPages: (k, obj) => {
    const o = objAt(k.w, obj);
    if (o.sg !== NONE && o.pagesPin === 0) dmaUnmapSg(k, o.sg, GPU, sgAt(k.w, o.sg).nents, DIR.TO_DEVICE);
    return shmemPutPages(k, obj, false);
  },
});

/** Deliberately broken: unmaps with nents 1 where the table had 2 entries. */
const wrongNents = definePolicy({
  ...fixed,
  name: 'test-unmap-wrong-nents',
  putPages: (k, obj) => {
    const o = objAt(k.w, obj);
    if (o.sg !== NONE && o.pagesPin === 0) dmaUnmapSg(k, o.sg, GPU, sgAt(k.w, o.sg).nents + 1, DIR.BIDIRECTIONAL);
    return shmemPutPages(k, obj, false);
  },
});

describe('MAP-BALANCED', () => {
  it('fires on a double unmap (9490edb: the second unbind unmaps an unmapped table)', () => {
    const ops = [S.create(), S.bind(0, 0), S.bind(0, 1), S.unbind(0, 0), S.unbind(0, 1)];
    const r = checkOps(policies['i915-2013-before-9490edb'], ops, { only });
    expect(r.violation?.code).toBe('MAP-BALANCED');
    expect(r.violation?.message).toMatch(
      /already unmapped: device driver tries to free DMA memory it has not allocated/,
    );
  });

  it('fires on an unmap with another direction', () => {
    const r = checkOps(wrongDir, [S.create(), S.bind(0, 0), S.shrink()], { only });
    expect(r.violation?.code).toBe('MAP-BALANCED');
    expect(r.violation?.message).toMatch(/different direction \[mapped with DMA_BIDIRECTIONAL\]/);
  });

  it('fires on an unmap with another entry count', () => {
    const r = checkOps(wrongNents, [S.create(), S.bind(0, 0), S.shrink()], { only });
    expect(r.violation?.message).toMatch(/different entry count/);
  });

  it('is silent when the fixed policy maps and unmaps repeatedly', () => {
    const ops = [S.create(), S.bind(0, 0), S.shrink(), S.bind(0, 1), S.shrink(), S.bind(0, 2), S.close(0)];
    const r = checkOps(fixed, ops, { only });
    expect(r.violation).toBeNull();
    expect(r.world.mappings).toHaveLength(3);
  });

  test.prop([opsArb()])('is silent on the fixed policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
