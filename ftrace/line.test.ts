import { describe, expect, it } from 'vitest';
import { splitLine } from './line.ts';

describe('splitLine', () => {
  it('reads a /sys/kernel/tracing/trace line', () => {
    expect(
      splitLine(
        '  kworker/u16:2-89      [005] d..2.   123.481903: dma_fence_signaled: driver=i915 timeline=0000:00:02.0 context=42 seqno=1187',
      ),
    ).toEqual({
      kind: 'event',
      event: 'dma_fence_signaled',
      payload: 'driver=i915 timeline=0000:00:02.0 context=42 seqno=1187',
      pid: 89,
      cpu: 5,
    });
  });

  it('reads a trace-cmd report line (no flags, padded event name) and a comm with spaces and dashes', () => {
    const l = splitLine(
      '  (udev-worker)-532   [010]     4.878079: dma_alloc:            0000:c2:00.0 dma_addr=fe980000 size=8',
    );
    expect(l).toMatchObject({ kind: 'event', event: 'dma_alloc', pid: 532, cpu: 10 });
    expect(l.kind === 'event' && l.payload).toBe('0000:c2:00.0 dma_addr=fe980000 size=8');
  });

  it('reads a line with the record-tgid column', () => {
    expect(splitLine('  bash-1977    (   1977) [001] .....  38.3: map: IOMMU: iova=0x0 size=4096')).toMatchObject({
      kind: 'event',
      event: 'map',
      pid: 1977,
      payload: 'IOMMU: iova=0x0 size=4096',
    });
  });

  it('reads the lost-event markers of the kernel and of trace-cmd', () => {
    expect(splitLine('CPU:2 [LOST 1043 EVENTS]')).toEqual({ kind: 'lost', cpu: 2, count: 1043 });
    expect(splitLine('CPU:7 [204600 EVENTS DROPPED]')).toEqual({ kind: 'lost', cpu: 7, count: 204600 });
    expect(splitLine('CPU:1 [EVENTS DROPPED]')).toEqual({ kind: 'lost', cpu: 1, count: null });
    expect(splitLine('##### CPU 3 buffer started ####')).toEqual({ kind: 'buffer-started', cpu: 3 });
    expect(splitLine('# entries-in-buffer/entries-written: 140080/250880   #P:4')).toEqual({
      kind: 'entries',
      inBuffer: 140080,
      written: 250880,
    });
  });

  it('skips headers and reports garbage as malformed', () => {
    expect(splitLine('# tracer: nop').kind).toBe('skip');
    expect(splitLine('cpus=8').kind).toBe('skip');
    expect(splitLine('').kind).toBe('skip');
    expect(splitLine('hello world').kind).toBe('malformed');
    expect(splitLine('  x-1 [001] ..... notatime: dma_map_phys: y').kind).toBe('malformed');
  });
});
