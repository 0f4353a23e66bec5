import { describe, expect, it } from 'vitest';
import { checkOps } from '../../fuzz/index.ts';
import { S } from '../../generators/index.ts';
import { policies } from '../../policies/index.ts';
import { configFor } from '../index.ts';

const coherent = policies['nouveau-2015-996f545fbb0d'];
const streaming = policies['nouveau-2015-before-996f545fbb0d'];

describe('dma_alloc_coherent / dma_free_coherent', () => {
  it('allocates contiguous pages, one coherent BIDIRECTIONAL mapping and one debug entry', () => {
    const r = checkOps(coherent, [S.create(), S.bind(0, 0)], { config: configFor(coherent) });
    const m = r.world.mappings[0];
    expect(m?.kind).toBe('coherent');
    expect(m?.live).toBe(true);
    expect(m?.iova).toBe(-1); // GK20A: dma-direct, the DMA address is the physical page
    expect(m?.addrs).toEqual([0, 1]);
    expect(m?.segs).toEqual([2]);
    expect(r.world.pages.map((p) => p.coherent)).toEqual([true, true]);
    expect(r.world.debug.used).toBe(1);
    expect(r.world.objects[0]?.liveMaps).toBe(1);
  });

  it('frees the pages, the mapping and the debug entry', () => {
    const r = checkOps(coherent, [S.create(), S.bind(0, 0), S.unbind(0, 0), S.shrink()], {
      config: configFor(coherent),
    });
    expect(r.violation).toBeNull();
    expect(r.world.mappings[0]?.live).toBe(false);
    expect(r.world.pages.map((p) => [p.free, p.coherent, p.maps])).toEqual([
      [true, false, 0],
      [true, false, 0],
    ]);
    expect(r.world.debug.used).toBe(0);
  });

  it('takes an IOVA range behind an IOMMU, and gives it back', () => {
    const config = configFor(coherent, { gpu: 'i915' });
    const bound = checkOps(coherent, [S.create(), S.bind(0, 0)], { config });
    expect(bound.world.mappings[0]?.iova).toBe(0);
    expect(bound.world.iommus[0]?.used).toBe(2);
    const freed = checkOps(coherent, [S.create(), S.bind(0, 0), S.unbind(0, 0), S.shrink()], { config });
    expect(freed.world.iommus[0]?.used).toBe(0);
  });

  it('reuses the lowest run of free frames that is long enough', () => {
    // obj#0 and obj#1 take frames 0-3 as streaming pages; closing obj#0 frees 0 and 1 (the free
    // list then hands out 1 before 0), and a coherent allocation of two frames takes 0 and 1.
    const ops = [S.create(), S.create(), S.bind(0, 0), S.bind(1, 0), S.close(0)];
    const before = checkOps(streaming, ops, { config: configFor(streaming) });
    expect(before.world.freePages).toEqual([0, 1]);
    const r = checkOps(coherent, [...ops, S.create(), S.bind(2, 0)], { config: configFor(coherent) });
    const m = r.world.mappings.find((x) => x.live && x.obj === 2);
    expect(m?.addrs).toEqual([0, 1]);
  });

  it("makes CPU and GPU see each other's writes on a non-coherent GPU, where a streaming mapping does not", () => {
    const ops = [S.create(), S.execbuf(0, 0, true), S.signal(), S.mmapAccess(0, 'poll')];
    const c = checkOps(coherent, ops, { config: configFor(coherent), only: ['BOUNCE-COHERENT'] });
    expect(c.violation).toBeNull();
    expect(c.world.pages[0]?.cache).toBe(c.world.pages[0]?.devVer);
    const s = checkOps(streaming, ops, { config: configFor(streaming), only: ['BOUNCE-COHERENT'] });
    expect(s.violation?.code).toBe('BOUNCE-COHERENT');
    expect(s.world.pages[0]?.cache).not.toBe(s.world.pages[0]?.devVer);
  });
});
