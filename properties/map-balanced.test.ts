import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, S } from '../generators/index.ts';
import {
  configFor,
  DIR,
  dmaFreeCoherent,
  dmaUnmapSg,
  GPU,
  type Kernel,
  NONE,
  type ObjectId,
  objAt,
  releasePages,
  type SgId,
  sgAt,
  sgFree,
  unsetPages,
} from '../model/index.ts';
import { shmemPutPages } from '../policies/i915-2015/shmem.ts';
import { definePolicy, policies } from '../policies/index.ts';
import { unpopulate } from '../policies/nouveau-gk20a/bo.ts';

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

const coherent = policies['nouveau-2015-996f545fbb0d'];
const gk20a = { config: configFor(coherent), only } as const;

/** A coherent policy whose unpopulate releases the allocation with `release` instead of dma_free_coherent. */
function releasesWith(name: string, release: (k: Kernel, obj: ObjectId, sg: SgId) => void) {
  return definePolicy({
    ...coherent,
    name,
    putPages: (k, obj) => {
      const o = objAt(k.w, obj);
      if (o.sg === NONE || o.pagesPin > 0) return o.sg === NONE ? 0 : -16;
      const sg = unsetPages(k, obj);
      if (sg !== NONE) release(k, obj, sg);
      return 0;
    },
  });
}

/** Deliberately broken: frees the coherent allocation twice. */
const freesTwice = releasesWith('test-free-coherent-twice', (k, _obj, sg) => {
  dmaFreeCoherent(k, sg, GPU, 2);
  dmaFreeCoherent(k, sg, GPU, 2);
  sgFree(k, sg);
});

/** Deliberately broken: frees one page of a two-page allocation. */
const freesShort = releasesWith('test-free-coherent-short', (k, _obj, sg) => {
  dmaFreeCoherent(k, sg, GPU, 1);
  sgFree(k, sg);
});

/** Deliberately broken: releases a coherent allocation with dma_unmap_sg and put_page. */
const unmapsCoherent = releasesWith('test-unmap-coherent', (k, _obj, sg) => {
  dmaUnmapSg(k, sg, GPU, sgAt(k.w, sg).nents, DIR.BIDIRECTIONAL);
  releasePages(k, sg);
  sgFree(k, sg);
});

/** Deliberately broken: a streaming policy whose put_pages frees the table with dma_free_coherent. */
const freesStreaming = definePolicy({
  ...policies['nouveau-2015-before-996f545fbb0d'],
  name: 'test-free-streaming-as-coherent',
  putPages: (k, obj) => {
    const o = objAt(k.w, obj);
    if (o.sg !== NONE && o.pagesPin === 0) dmaFreeCoherent(k, o.sg, GPU, sgAt(k.w, o.sg).pages.length);
    return unpopulate(k, obj, 'streaming');
  },
});

const bindAndShrink = [S.create(), S.bind(0, 0), S.unbind(0, 0), S.shrink()];

describe('MAP-BALANCED', () => {
  it('fires on a second dma_free_coherent of one allocation', () => {
    const r = checkOps(freesTwice, bindAndShrink, gk20a);
    expect(r.violation?.message).toMatch(
      /^dma_free_coherent of sg#0 \(obj#0\) whose mapping m#0 is already freed: device driver tries to free DMA memory it has not allocated/,
    );
  });

  it('fires on a dma_free_coherent with another size', () => {
    const r = checkOps(freesShort, bindAndShrink, gk20a);
    expect(r.violation?.message).toMatch(/frees DMA memory with different size \[map size=8192 bytes\]/);
  });

  it('fires when dma_unmap_sg releases what dma_alloc_coherent made, and the other way round', () => {
    const a = checkOps(unmapsCoherent, bindAndShrink, gk20a);
    expect(a.violation?.message).toMatch(/^dma_unmap_sg of m#0 .*wrong function \[mapped as coherent\]/);
    const b = checkOps(freesStreaming, bindAndShrink, gk20a);
    expect(b.violation?.message).toMatch(/^dma_free_coherent of m#0 .*wrong function \[mapped as scather-gather\]/);
  });

  it('is silent when the coherent policy allocates and frees repeatedly', () => {
    const ops = [...bindAndShrink, S.bind(0, 1), S.unbind(0, 1), S.shrink(), S.bind(0, 2), S.close(0)];
    const r = checkOps(coherent, ops, gk20a);
    expect(r.violation).toBeNull();
    expect(r.world.mappings.map((m) => [m.kind, m.live])).toEqual([
      ['coherent', false],
      ['coherent', false],
      ['coherent', false],
    ]);
  });

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
