import { describe, expect, it } from 'vitest';
import { checkLines } from '../ftrace/index.ts';
import { ftraceLog } from './ftrace-log.ts';

describe('the benchmark log', () => {
  it('is well formed and clean, and mixes every kind of event the checker reads', () => {
    const lines = [...ftraceLog(20_000, 3)];
    const r = checkLines('bench', lines);
    expect(r.malformed).toBe(0);
    expect(r.errors + r.warnings).toBe(0);
    expect(r.otherEvents).toBeGreaterThan(2000);
    for (const e of ['dma_map_phys', 'dma_unmap_sg', 'dma_sync_sg_for_cpu', 'map: IOMMU', 'dma_fence_signaled']) {
      expect(lines.some((l) => l.includes(e))).toBe(true);
    }
  });
});
