import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { CTX } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';

const fixed = policies['i915-2021-shrinker-trylock'];
const only = ['DMA-AFTER-FREE'] as const;
const purgeBusy = [S.create(), S.execbuf(0, 0, true), S.madvise(0, true), S.shrink()];

describe('DMA-AFTER-FREE', () => {
  it('fires when reclaim purges a DONTNEED object its job still writes', () => {
    const r = checkOps(policies['shrinker-purge-unfenced'], purgeBusy, { only });
    expect(r.violation?.code).toBe('DMA-AFTER-FREE');
    expect(r.violation?.message).toMatch(/went back to the allocator while 1 unsignaled fence/);
  });

  it('is silent when the shrinker skips the busy object, and purges it once idle', () => {
    const r = checkOps(fixed, [...purgeBusy, S.signal('U0'), S.shrink()], { only });
    expect(r.violation).toBeNull();
    expect(r.world.objects[0]?.madv).toBe(2);
  });

  it("is silent on a dma-buf importer's job after its unmap, once reclaim gave the pages to another object", () => {
    // The importer keeps its attachment but no page tables; reclaim frees obj#0's pages and obj#1
    // gets them. The job reaches nothing, so its fence covers no page and closing obj#1 frees them.
    const stale = [
      ...[S.create(), S.export(0), S.attach(0, 1), S.mapAttachment(0, 1), S.unmapAttachment(0, 1), S.shrink()],
      ...[S.create(), S.execbuf(1, 0), S.importJob(0, 1), S.close(1)],
    ];
    const r = check(policies['dmabuf-reference-exporter'], stale, only);
    expect(r.violation).toBeNull();
    expect(r.world.fences.filter((f) => f.context === CTX.I).map((f) => f.pages)).toEqual([[]]);
  });

  test.prop([opsArb(optionsFor(fixed))])('is silent on the fixed shrinker under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
