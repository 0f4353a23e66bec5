import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, S } from '../generators/index.ts';
import { configFor, DIR, dmaMapSg, dmaUnmapSg, GPU, NONE, objAt, sgAt, sgIsMapped } from '../model/index.ts';
import { shmemGetPages } from '../policies/i915-2015/shmem.ts';
import { definePolicy, i915Programs, policies } from '../policies/index.ts';

const fixed = policies['i915-2015-e2273302'];
const only = ['MAP-COVERS-BINDINGS'] as const;

/** Deliberately broken: get_pages never maps, so PTEs are written from a table with no DMA address. */
const bindsUnmapped = definePolicy({
  ...fixed,
  name: 'test-binds-unmapped',
  getPages: (k, o) => shmemGetPages(k, o, false),
});

/** Deliberately broken: maps once at the first bind (as Imre Deak's v1), but unmaps at every unbind. */
const unmapsEveryUnbind = definePolicy({
  ...fixed,
  name: 'test-unmaps-every-unbind',
  getPages: (k, o) => shmemGetPages(k, o, false),
  programs: i915Programs({
    prepareBind: (k, obj) => {
      const sg = objAt(k.w, obj).sg;
      if (sg !== NONE && !sgIsMapped(k, sg)) dmaMapSg(k, sg, GPU, DIR.BIDIRECTIONAL);
      return 0;
    },
    finishUnbind: (k, obj) => {
      const sg = objAt(k.w, obj).sg;
      if (sg !== NONE && sgIsMapped(k, sg)) dmaUnmapSg(k, sg, GPU, sgAt(k.w, sg).nents, DIR.BIDIRECTIONAL);
    },
  }),
});

describe('MAP-COVERS-BINDINGS', () => {
  it('fires when the first unbind unmaps under a VMA still bound (9490edb)', () => {
    const r = checkOps(policies['i915-2013-before-9490edb'], [S.create(), S.bind(0, 0), S.bind(0, 1), S.unbind(0, 0)], {
      only,
    });
    expect(r.violation?.code).toBe('MAP-COVERS-BINDINGS');
    expect(r.violation?.opIndex).toBe(3);
    expect(r.violation?.message).toMatch(
      /vma#1 \(obj#0 in ppgtt1\) PTE 0 points at iova .* which no live mapping owns/,
    );
  });

  it('fires when PTEs are written from an sg table that was never mapped', () => {
    const r = checkOps(bindsUnmapped, [S.create(), S.bind(0, 1)], { only });
    expect(r.violation?.code).toBe('MAP-COVERS-BINDINGS');
    expect(r.violation?.message).toMatch(/no DMA mapping/);
  });

  it('is silent when the fixed policy unbinds one of two VMAs', () => {
    expect(checkOps(fixed, [S.create(), S.bind(0, 0), S.bind(0, 1), S.unbind(0, 0)], { only }).violation).toBeNull();
  });

  it('fires on dma-direct too (a GPU with no IOMMU, whose PTEs hold physical addresses)', () => {
    const config = configFor(fixed, { gpu: 'gk20a' });
    const ops = [S.create(), S.bind(0, 0), S.bind(0, 1), S.unbind(0, 0)];
    const r = checkOps(unmapsEveryUnbind, ops, { only, config });
    expect(r.violation?.message).toMatch(
      /vma#1 \(obj#0 in ppgtt1\) PTE 0 points at dma address .* which no live mapping of obj#0 gave it/,
    );
    const ok = checkOps(fixed, ops, { only, config });
    expect(ok.violation).toBeNull();
    expect(ok.world.vmas[1]?.ptes).toEqual([0, 1]);
  });

  test.prop([opsArb()])('is silent on the fixed policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
