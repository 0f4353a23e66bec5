import { describe, expect, it } from 'vitest';
import { check, kline, verdicts } from './trace-testing.ts';

const DEV = '0000:03:00.0';
const map = (dir: string, dma = 'fffe0000', size = 4096, phys = '11c2a000', attrs = '') =>
  ['dma_map_phys', `${DEV} dir=${dir} dma_addr=${dma} size=${size} phys_addr=${phys} attrs=${attrs}`] as const;
const unmap = (dir: string, dma = 'fffe0000', size = 4096) =>
  ['dma_unmap_phys', `${DEV} dir=${dir} dma_addr=${dma} size=${size} attrs=`] as const;
const sync = (to: 'cpu' | 'device', dir: string, dma = 'fffe0000', size = 4096) =>
  [`dma_sync_single_for_${to}`, `${DEV} dir=${dir} dma_addr=${dma} size=${size}`] as const;
const mapSg = (dir: string, nents = 2) =>
  [
    'dma_map_sg',
    `${DEV} dir=${dir} nents=${nents}/${nents} ents=1/1 dma_addrs={0xfffd0000} sizes={0x${(nents * 4096).toString(16)}} phys_addrs={${['0x10845000', '0x10846000', '0x10847000'].slice(0, nents).join(',')}} attrs=`,
  ] as const;
const unmapSg = (dir: string, phys = '0x10845000,0x10846000') =>
  ['dma_unmap_sg', `${DEV} dir=${dir} phys_addrs={${phys}} attrs=`] as const;
const fence = (fn: string, seqno = 1187) =>
  [`dma_fence_${fn}`, `driver=i915 timeline=0000:00:02.0 context=42 seqno=${seqno}`] as const;

describe('MAP-BALANCED', () => {
  it('flags an unmap with another direction, size or entry count, and passes the matching one', () => {
    expect(verdicts(check([map('FROM_DEVICE'), unmap('TO_DEVICE')]))).toEqual(['error MAP-BALANCED 1,2']);
    expect(verdicts(check([map('FROM_DEVICE'), unmap('FROM_DEVICE', 'fffe0000', 2048)]))).toEqual([
      'error MAP-BALANCED 1,2',
    ]);
    expect(verdicts(check([mapSg('TO_DEVICE'), unmapSg('TO_DEVICE', '0x10845000')]))).toEqual([
      'error MAP-BALANCED 1,2',
    ]);
    expect(verdicts(check([map('FROM_DEVICE'), unmap('FROM_DEVICE')]))).toEqual([]);
    expect(verdicts(check([mapSg('TO_DEVICE'), unmapSg('TO_DEVICE')]))).toEqual([]);
  });

  it('flags a free of a streaming mapping as the wrong function', () => {
    const r = check([
      map('BIDIRECTIONAL'),
      ['dma_free', `${DEV} dir=BIDIRECTIONAL dma_addr=fffe0000 size=4096 virt_addr=00000000deadbeef attrs=`],
    ]);
    expect(r.groups[0]?.findings[0]?.message).toMatch(
      /wrong function \[mapped as single .*\] \[unmapped as coherent\]/,
    );
  });

  it('flags a second unmap with the lines of the map and of both unmaps', () => {
    expect(verdicts(check([map('TO_DEVICE'), unmap('TO_DEVICE'), unmap('TO_DEVICE')]))).toEqual([
      'error MAP-BALANCED 1,2,3',
    ]);
  });

  it('warns about an unmap of a mapping the trace never saw, unless the trace covers everything from the start', () => {
    expect(verdicts(check([unmap('TO_DEVICE')]))).toEqual(['warning MAP-BALANCED 1']);
    expect(verdicts(check([unmap('TO_DEVICE')], true))).toEqual(['error MAP-BALANCED 1']);
  });
});

describe('SYNC-LIVE (kernel/dma/debug.c check_sync)', () => {
  it('passes the TX-buffer reuse and the RX recycling syncs, and any sync of a BIDIRECTIONAL mapping', () => {
    expect(verdicts(check([map('TO_DEVICE'), sync('cpu', 'TO_DEVICE'), unmap('TO_DEVICE')]))).toEqual([]);
    expect(verdicts(check([map('FROM_DEVICE'), sync('device', 'FROM_DEVICE'), unmap('FROM_DEVICE')]))).toEqual([]);
    expect(
      verdicts(
        check([map('BIDIRECTIONAL'), sync('cpu', 'TO_DEVICE'), sync('device', 'FROM_DEVICE'), unmap('BIDIRECTIONAL')]),
      ),
    ).toEqual([]);
  });

  it('flags a mismatched direction with every message debug.c prints for it', () => {
    const r = check([map('TO_DEVICE'), sync('cpu', 'FROM_DEVICE'), unmap('TO_DEVICE')]);
    expect(verdicts(r)).toEqual(['error SYNC-LIVE 1,2']);
    expect(r.groups[0]?.findings[0]?.message).toMatch(
      /different direction \[mapped with TO_DEVICE\] \[synced with FROM_DEVICE\]; syncs device read-only DMA memory for cpu$/,
    );
  });

  it('flags a sync after the unmap, and one running past its segment', () => {
    expect(verdicts(check([map('TO_DEVICE'), unmap('TO_DEVICE'), sync('device', 'TO_DEVICE')]))).toEqual([
      'error SYNC-LIVE 1,2,3',
    ]);
    expect(
      verdicts(check([map('TO_DEVICE'), sync('device', 'TO_DEVICE', 'fffe0800', 4096), unmap('TO_DEVICE')])),
    ).toEqual(['error SYNC-LIVE 1,2']);
    expect(
      verdicts(check([map('TO_DEVICE'), sync('device', 'TO_DEVICE', 'fffe0800', 2048), unmap('TO_DEVICE')])),
    ).toEqual([]);
  });

  it('flags an sg sync with another entry count than the map', () => {
    const syncSg = (n: number) =>
      [
        'dma_sync_sg_for_cpu',
        `${DEV} dir=TO_DEVICE dma_addrs={${['0xfffd0000', '0x0', '0x0'].slice(0, n).join(',')}} sizes={${['0x2000', '0x0', '0x0'].slice(0, n).join(',')}}`,
      ] as const;
    expect(verdicts(check([mapSg('TO_DEVICE'), syncSg(1), unmapSg('TO_DEVICE')]))).toEqual(['error SYNC-LIVE 1,2']);
    expect(verdicts(check([mapSg('TO_DEVICE'), syncSg(2), unmapSg('TO_DEVICE')]))).toEqual([]);
  });
});

describe('MAP-SINGLE', () => {
  const second = (dir: string, attrs = '') => map(dir, 'fffe4000', 4096, '11c2a000', attrs);
  it('flags the same memory mapped twice for one device (debug.c cacheline EEXIST), not two TO_DEVICE maps', () => {
    expect(
      verdicts(
        check([map('FROM_DEVICE'), second('FROM_DEVICE'), unmap('FROM_DEVICE'), unmap('FROM_DEVICE', 'fffe4000')]),
      ),
    ).toEqual(['error MAP-SINGLE 1,2']);
    expect(
      verdicts(check([map('TO_DEVICE'), second('TO_DEVICE'), unmap('TO_DEVICE'), unmap('TO_DEVICE', 'fffe4000')])),
    ).toEqual([]);
  });

  it('takes every earlier holder of a DMA address handed out again as unmapped, not only the first', () => {
    const again = (phys: string) => map('TO_DEVICE', 'fffe0000', 4096, phys);
    expect(verdicts(check([again('11c2a000'), again('11c2a000'), again('22000000'), unmap('TO_DEVICE')]))).toEqual([
      'warning MAP-SINGLE 1,3',
      'warning MAP-SINGLE 2,3',
    ]);
  });

  it('only warns when the second map passes SKIP_CPU_SYNC, as debug.c does not object', () => {
    expect(
      verdicts(
        check([
          map('BIDIRECTIONAL'),
          second('BIDIRECTIONAL', 'SKIP_CPU_SYNC'),
          unmap('BIDIRECTIONAL'),
          unmap('BIDIRECTIONAL', 'fffe4000'),
        ]),
      ),
    ).toEqual(['warning MAP-SINGLE 1,2']);
  });
});

describe('MAP-SHARED (debug.c cacheline tracking across devices)', () => {
  const GPU = '0000:00:02.0';
  const mapOn = (dev: string, dir: string, dma: string, attrs = '') =>
    ['dma_map_phys', `${dev} dir=${dir} dma_addr=${dma} size=4096 phys_addr=11c2a000 attrs=${attrs}`] as const;
  const unmapOn = (dev: string, dir: string, dma: string) =>
    ['dma_unmap_phys', `${dev} dir=${dir} dma_addr=${dma} size=4096 attrs=`] as const;
  it('warns when a second device maps the same memory for device writes while the first still does', () => {
    const r = check([
      mapOn(DEV, 'FROM_DEVICE', 'fffe0000'),
      mapOn(GPU, 'BIDIRECTIONAL', '80000000'),
      unmapOn(GPU, 'BIDIRECTIONAL', '80000000'),
      unmapOn(DEV, 'FROM_DEVICE', 'fffe0000'),
    ]);
    expect(verdicts(r)).toEqual(['warning MAP-SHARED 1,2']);
    expect(r.errors).toBe(0);
    expect(r.groups[0]?.findings[0]?.message).toMatch(/cacheline tracking EEXIST/);
  });
  it('is silent with DMA_ATTR_SKIP_CPU_SYNC, with a TO_DEVICE side, and for maps one after the other', () => {
    expect(
      verdicts(
        check([
          mapOn(DEV, 'FROM_DEVICE', 'fffe0000'),
          mapOn(GPU, 'BIDIRECTIONAL', '80000000', 'SKIP_CPU_SYNC'),
          unmapOn(GPU, 'BIDIRECTIONAL', '80000000'),
          unmapOn(DEV, 'FROM_DEVICE', 'fffe0000'),
        ]),
      ),
    ).toEqual([]);
    expect(
      verdicts(
        check([
          mapOn(DEV, 'FROM_DEVICE', 'fffe0000'),
          mapOn(GPU, 'TO_DEVICE', '80000000'),
          unmapOn(GPU, 'TO_DEVICE', '80000000'),
          unmapOn(DEV, 'FROM_DEVICE', 'fffe0000'),
        ]),
      ),
    ).toEqual([]);
    expect(
      verdicts(
        check([
          mapOn(DEV, 'FROM_DEVICE', 'fffe0000'),
          unmapOn(DEV, 'FROM_DEVICE', 'fffe0000'),
          mapOn(GPU, 'BIDIRECTIONAL', '80000000'),
          unmapOn(GPU, 'BIDIRECTIONAL', '80000000'),
        ]),
      ),
    ).toEqual([]);
  });
});

describe('NO-LEAK', () => {
  it('flags what is still mapped at the end, with the line that mapped it', () => {
    const r = check([map('TO_DEVICE'), mapSg('BIDIRECTIONAL'), unmapSg('BIDIRECTIONAL')]);
    expect(verdicts(r)).toEqual(['error NO-LEAK 1']);
    expect(r.groups[0]?.findings[0]?.dev).toBe(DEV);
  });
});

describe('IOMMU-LIVE', () => {
  const imap = kline(
    'map',
    'IOMMU: iova=0x00000000fffe0000 - 0x00000000fffe1000 paddr=0x0000000011c2a000 size=4096',
    89,
  );
  const iunmap = kline('unmap', 'IOMMU: iova=0x00000000fffe0000 - 0x00000000fffe1000 size=4096 unmapped_size=4096', 89);
  const dmaMap = kline(
    'dma_map_phys',
    `${DEV} dir=TO_DEVICE dma_addr=fffe0000 size=4096 phys_addr=11c2a000 attrs=`,
    89,
  );
  const dmaUnmap = kline('dma_unmap_phys', `${DEV} dir=TO_DEVICE dma_addr=fffe0000 size=4096 attrs=`, 89);
  it('passes the IOMMU unmap iommu-dma traces inside dma_unmap_phys, whatever the task traces between', () => {
    const other = kline('dma_fence_init', 'driver=i915 timeline=t context=1 seqno=1', 89);
    expect(verdicts(check([imap, dmaMap, iunmap, dmaUnmap]))).toEqual([]);
    expect(verdicts(check([imap, dmaMap, iunmap, other, dmaUnmap]))).toEqual([]);
  });
  it('flags an IOMMU unmap under a live mapping of the same domain that another task unmaps, or nobody', () => {
    const elsewhere = kline('dma_unmap_phys', `${DEV} dir=TO_DEVICE dma_addr=fffe0000 size=4096 attrs=`, 4242);
    expect(verdicts(check([imap, dmaMap, iunmap, elsewhere]))).toEqual(['error IOMMU-LIVE 1,2,3,4']);
    expect(verdicts(check([imap, dmaMap, iunmap]))).toEqual(['error IOMMU-LIVE 1,2,3', 'error NO-LEAK 2']);
  });
  it('only warns when no IOMMU map ties the IOVA to the mapping (another domain may own it)', () => {
    const elsewhere = kline('dma_unmap_phys', `${DEV} dir=TO_DEVICE dma_addr=fffe0000 size=4096 attrs=`, 4242);
    expect(verdicts(check([dmaMap, iunmap, elsewhere]))).toEqual(['warning IOMMU-LIVE 1,2,3']);
  });
});

describe('dma_fence', () => {
  it('flags a fence traced signalled twice (FENCE-ONCE), not a re-initialised one', () => {
    expect(verdicts(check([fence('init'), fence('signaled'), fence('signaled')]))).toEqual(['error FENCE-ONCE 2,3']);
    expect(verdicts(check([fence('init'), fence('signaled'), fence('init'), fence('signaled')]))).toEqual([]);
  });
  it('flags a fence destroyed unsignalled after signalling was enabled (FENCE-FINITE), not a signalled one', () => {
    expect(verdicts(check([fence('init'), fence('enable_signal'), fence('destroy')]))).toEqual([
      'error FENCE-FINITE 1,2,3',
    ]);
    expect(verdicts(check([fence('init'), fence('enable_signal'), fence('signaled'), fence('destroy')]))).toEqual([]);
    expect(verdicts(check([fence('init'), fence('emit'), fence('destroy')]))).toEqual(['warning FENCE-FINITE 2,3']);
  });
});

describe('FENCE-ONCE: signal order on a context', () => {
  const f = (fn: string, seqno: number, context = 42) =>
    [`dma_fence_${fn}`, `driver=i915 timeline=0000:00:02.0 context=${context} seqno=${seqno}`] as const;
  it('warns (never errs) when a fence is traced signalled after a later fence of its context', () => {
    const r = check([f('init', 7), f('init', 8), f('signaled', 8), f('signaled', 7)]);
    expect(verdicts(r)).toEqual(['warning FENCE-ONCE 3,4']);
    expect(r.errors).toBe(0);
  });
  it('is silent in seqno order, across a 32-bit wrap, and across contexts', () => {
    expect(verdicts(check([f('init', 7), f('init', 8), f('signaled', 7), f('signaled', 8)]))).toEqual([]);
    expect(verdicts(check([f('signaled', 4294967295), f('signaled', 0), f('signaled', 1)]))).toEqual([]);
    expect(verdicts(check([f('signaled', 9, 42), f('signaled', 3, 43)]))).toEqual([]);
  });
});

describe('lost events and a mid-stream start', () => {
  it('turn what missing events could explain into warnings', () => {
    expect(verdicts(check([map('FROM_DEVICE'), 'CPU:3 [LOST 12 EVENTS]', unmap('TO_DEVICE')]))).toEqual([
      'warning MAP-BALANCED 1,3',
    ]);
    expect(verdicts(check([map('FROM_DEVICE'), 'CPU:3 [LOST 12 EVENTS]']))).toEqual(['warning NO-LEAK 1']);
    expect(
      verdicts(check([map('FROM_DEVICE'), unmap('FROM_DEVICE'), 'CPU:3 [LOST 12 EVENTS]', unmap('FROM_DEVICE')])),
    ).toEqual(['warning MAP-BALANCED 1,2,4']);
  });
  it('keep an unknown unmap a warning even with --from-start when the buffer overran', () => {
    expect(verdicts(check(['# entries-in-buffer/entries-written: 5/9   #P:4', unmap('TO_DEVICE')], true))).toEqual([
      'warning MAP-BALANCED 2',
    ]);
    expect(verdicts(check(['##### CPU 3 buffer started ####', unmap('TO_DEVICE')], true))).toEqual([
      'warning MAP-BALANCED 2',
    ]);
  });
  it('count and skip malformed lines with their line numbers', () => {
    const r = check([
      map('TO_DEVICE'),
      'garbage',
      ['dma_unmap_phys', `${DEV} dir=UP dma_addr=1 size=1 attrs=`],
      unmap('TO_DEVICE'),
    ]);
    expect(r.malformed).toBe(2);
    expect(r.malformedLines.map((m) => m.line)).toEqual([2, 3]);
    expect(verdicts(r)).toEqual([]);
  });
});

describe('sg lists the trace caps at 128 entries', () => {
  const phys = (n: number) => Array.from({ length: n }, (_, i) => `0x${(0x10000000 + i * 0x1000).toString(16)}`);
  const mapped = [
    'dma_map_sg',
    `${DEV} dir=TO_DEVICE nents=128/300 ents=1/1 [TRUNCATED] dma_addrs={0xfffd0000} sizes={0x12c000} phys_addrs={${phys(128).join(',')}} attrs=`,
  ] as const;
  it('pairs the uncapped dma_unmap_sg of all 300 entries with its capped map', () => {
    const unmapAll = ['dma_unmap_sg', `${DEV} dir=TO_DEVICE phys_addrs={${phys(300).join(',')}} attrs=`] as const;
    expect(verdicts(check([mapped, unmapAll]))).toEqual([]);
  });
  it('still flags an unmap of fewer entries', () => {
    const unmapSome = ['dma_unmap_sg', `${DEV} dir=TO_DEVICE phys_addrs={${phys(200).join(',')}} attrs=`] as const;
    const r = check([mapped, unmapSome]);
    expect(verdicts(r)).toEqual(['error MAP-BALANCED 1,2']);
    expect(r.groups[0]?.findings[0]?.message).toMatch(
      /different entry count \[map count=300 at line 1\] \[unmap count=200\]/,
    );
  });
});

describe('allocations', () => {
  it('pairs dma_alloc_pages with dma_free_pages, flags dma_free of it, and reads the first generation without dir=', () => {
    const alloc = (fn: string) =>
      [
        fn,
        `${DEV} dir=BIDIRECTIONAL dma_addr=fe980000 size=8192 virt_addr=000000006cadbcb1 flags=GFP_KERNEL attrs=`,
      ] as const;
    const free = (fn: string, dir = 'dir=BIDIRECTIONAL ') =>
      [fn, `${DEV} ${dir}dma_addr=fe980000 size=8192 virt_addr=000000006cadbcb1 attrs=`] as const;
    expect(verdicts(check([alloc('dma_alloc_pages'), free('dma_free_pages')]))).toEqual([]);
    expect(verdicts(check([alloc('dma_alloc_pages'), free('dma_free')]))).toEqual(['error MAP-BALANCED 1,2']);
    expect(verdicts(check([alloc('dma_alloc'), free('dma_free', '')]))).toEqual([]);
  });
});
