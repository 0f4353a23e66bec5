import { describe, expect, it } from 'vitest';
import { BadPayload } from './events.ts';
import { parseEvent } from './parse.ts';

describe('parseEvent', () => {
  it('reads dma_map_phys and the first generation dma_map_page alike', () => {
    const p = '0000:03:00.0 dir=FROM_DEVICE dma_addr=fffe0000 size=4096 phys_addr=11c2a000 attrs=SKIP_CPU_SYNC|MMIO';
    const want = {
      kind: 'map',
      dev: '0000:03:00.0',
      dir: 'FROM_DEVICE',
      dma: 0xfffe0000,
      size: 4096,
      phys: 0x11c2a000,
    };
    expect(parseEvent('dma_map_phys', p)).toMatchObject({ ...want, fn: 'dma_map_phys', attrs: 'SKIP_CPU_SYNC|MMIO' });
    expect(parseEvent('dma_map_page', p)).toMatchObject({ ...want, fn: 'dma_map_page' });
  });

  it('drops a map that returned DMA_MAPPING_ERROR', () => {
    expect(
      parseEvent('dma_map_phys', 'd dir=TO_DEVICE dma_addr=ffffffffffffffff size=4096 phys_addr=1000 attrs='),
    ).toBeNull();
  });

  it('reads the current dma_map_sg with its full counts and [TRUNCATED]', () => {
    const ev = parseEvent(
      'dma_map_sg',
      '0000:00:02.0 dir=BIDIRECTIONAL nents=128/300 ents=1/1 [TRUNCATED] dma_addrs={0xfffd0000} sizes={0x2000} phys_addrs={0x10845000,0x10846000} attrs=',
    );
    expect(ev).toMatchObject({
      kind: 'map_sg',
      nents: 300,
      ents: 1,
      truncated: true,
      dmas: [0xfffd0000],
      sizes: [0x2000],
    });
  });

  it('reads the first generation dma_map_sg, counting the arrays', () => {
    const ev = parseEvent(
      'dma_map_sg',
      '0000:00:02.0 dir=TO_DEVICE dma_addrs={0xfffd0000,0xfffd2000} sizes={0x2000,0x1000} phys_addrs={0x1000,0x2000,0x5000} attrs=',
    );
    expect(ev).toMatchObject({ nents: 3, ents: 2, truncated: false, phys: [0x1000, 0x2000, 0x5000] });
  });

  it('reads dma_unmap_sg (physical addresses only) and the sg syncs', () => {
    expect(parseEvent('dma_unmap_sg', 'dev dir=BIDIRECTIONAL phys_addrs={0x1000,0x2000} attrs=')).toEqual({
      kind: 'unmap_sg',
      dev: 'dev',
      dir: 'BIDIRECTIONAL',
      phys: [0x1000, 0x2000],
    });
    expect(parseEvent('dma_sync_sg_for_cpu', 'dev dir=FROM_DEVICE dma_addrs={0x10} sizes={0x20}')).toMatchObject({
      kind: 'sync_sg',
      forCpu: true,
      dmas: [0x10],
      sizes: [0x20],
    });
  });

  it('reads allocations with and without dir= (3afff779a725), and a failed one', () => {
    expect(
      parseEvent('dma_alloc', 'x dma_addr=fe980000 size=524288 virt_addr=000000006cadbcb1 flags=GFP_KERNEL attrs='),
    ).toMatchObject({ kind: 'alloc', dir: null, failed: false, size: 524288 });
    expect(
      parseEvent(
        'dma_alloc_pages',
        'x dir=BIDIRECTIONAL dma_addr=0 size=4096 virt_addr=0000000000000000 flags=GFP_KERNEL attrs=',
      ),
    ).toMatchObject({ kind: 'alloc', dir: 'BIDIRECTIONAL', failed: true });
  });

  it('reads the iommu and dma_fence events', () => {
    expect(
      parseEvent('map', 'IOMMU: iova=0x0000000000000000 - 0x00000000000c0000 paddr=0x00000001a6800000 size=786432'),
    ).toEqual({ kind: 'iommu_map', iova: 0, size: 786432, paddr: 0x1a6800000 });
    expect(
      parseEvent('unmap', 'IOMMU: iova=0x0000000000000000 - 0x0000000000001000 size=4096 unmapped_size=4096'),
    ).toEqual({ kind: 'iommu_unmap', iova: 0, size: 4096, unmapped: 4096 });
    expect(parseEvent('map', 'something else')).toBeNull();
    expect(parseEvent('dma_fence_init', 'driver=amdgpu timeline=gfx ring 0 context=7 seqno=99')).toMatchObject({
      timeline: 'gfx ring 0',
      context: 7,
      seqno: 99,
    });
  });

  it('rejects a payload that does not fit the format', () => {
    expect(() => parseEvent('dma_unmap_phys', 'dev dir=SIDEWAYS dma_addr=10 size=1 attrs=')).toThrow(BadPayload);
    expect(() => parseEvent('dma_unmap_phys', 'dev dir=TO_DEVICE size=1 attrs=')).toThrow(/no dma_addr=/);
    expect(() => parseEvent('dma_unmap_sg', 'dev dir=TO_DEVICE phys_addrs=0x10 attrs=')).toThrow(BadPayload);
  });
});
