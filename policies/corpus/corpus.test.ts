import { beforeAll, describe, expect, it } from 'vitest';
import { type FuzzResult, fuzzPolicy } from '../../fuzz/index.ts';
import type { Coverage, Policy } from '../../model/index.ts';
import { policies } from '../index.ts';
import { CORPUS, type CorpusName } from './index.ts';

/**
 * The clean corpus: every policy doing what the kernel's documentation calls correct fuzzes clean
 * at a fixed seed and budget, and its coverage shows the documented pattern really ran (a clean
 * run that never reached the pattern proves nothing).
 */
const SEED = 1;
const RUNS = 3000;

const results = new Map<CorpusName, FuzzResult>();
beforeAll(async () => {
  for (const name of CORPUS) results.set(name, await fuzzPolicy(policies[name] as Policy, { seed: SEED, runs: RUNS }));
});

function result(name: CorpusName): FuzzResult {
  const r = results.get(name);
  if (r === undefined) throw new Error(`${name} was not fuzzed`);
  return r;
}

function violations(name: CorpusName): string[] {
  return result(name).found.map((f) => `${f.violation.code}: ${f.violation.message}`);
}

/** How often the SYNC-LIVE guard saw a given sync (`dma_sync_sg_for_cpu on DMA_TO_DEVICE`). */
function syncs(c: Coverage, what: string): number {
  return c.details[`SYNC-LIVE: ${what}`] ?? 0;
}

/** What shows, in each corpus policy's coverage, that its documented pattern happened. */
const PATTERN: Record<CorpusName, (c: Coverage) => void> = {
  'corpus-streaming-map-unmap': (c) => {
    // Pages mapped and unmapped, the CPU reading what the GPU wrote, and never a sync.
    expect(c.guards['MAP-BALANCED']).toBeGreaterThan(0);
    expect(c.guards['BOUNCE-COHERENT']).toBeGreaterThan(0);
    expect(c.guards['SYNC-LIVE']).toBe(0);
  },
  'corpus-tx-buffer-reuse': (c) => {
    expect(syncs(c, 'dma_sync_single_range_for_cpu on DMA_TO_DEVICE')).toBeGreaterThan(0);
    expect(syncs(c, 'dma_sync_single_range_for_device on DMA_TO_DEVICE')).toBeGreaterThan(0);
    expect(c.ops.mmap_access).toBeGreaterThan(0);
    expect(c.ops.execbuf).toBeGreaterThan(0);
  },
  'corpus-rx-buffer-recycle': (c) => {
    expect(syncs(c, 'dma_sync_single_range_for_cpu on DMA_FROM_DEVICE')).toBeGreaterThan(0);
    expect(syncs(c, 'dma_sync_single_range_for_device on DMA_FROM_DEVICE')).toBeGreaterThan(0);
    expect(c.guards['BOUNCE-COHERENT']).toBeGreaterThan(0);
  },
  'corpus-partial-sync': (c) => {
    expect(syncs(c, 'dma_sync_single_range_for_device on DMA_BIDIRECTIONAL')).toBeGreaterThan(0);
    expect(syncs(c, 'dma_sync_single_range_for_cpu on DMA_BIDIRECTIONAL')).toBeGreaterThan(0);
    expect(c.guards['BOUNCE-COHERENT']).toBeGreaterThan(0);
  },
  'corpus-dynamic-importer': (c) => {
    expect(c.ops.move).toBeGreaterThan(0);
    expect(c.guards['DYN-MAP-LOCKED']).toBeGreaterThan(0);
  },
  'corpus-sync-every-submit': (c) => {
    expect(syncs(c, 'dma_sync_single_range_for_device on DMA_BIDIRECTIONAL')).toBeGreaterThan(0);
    expect(syncs(c, 'dma_sync_single_range_for_cpu on DMA_BIDIRECTIONAL')).toBeGreaterThan(0);
    expect(c.guards['BOUNCE-COHERENT']).toBeGreaterThan(0);
  },
  'nouveau-2015-996f545fbb0d': (c) => {
    // dma_alloc_coherent buffers: the CPU reads what the GPU wrote, with no sync to hand it over.
    expect(c.guards['BOUNCE-COHERENT']).toBeGreaterThan(0);
    expect(c.guards['SYNC-LIVE']).toBe(0);
  },
  'i915-2019-userptr-interval-seq': (c) => {
    expect(c.ops.invalidate).toBeGreaterThan(0);
    expect(c.guards['SEQ-PUBLISH']).toBeGreaterThan(0);
    expect(c.guards['INV-COMPLETE']).toBeGreaterThan(0);
  },
  'i915-2021-shrinker-trylock': (c) => {
    expect(c.ops.shrink).toBeGreaterThan(0);
    expect(c.guards['RECLAIM-TRYLOCK']).toBeGreaterThan(0);
  },
  'dmabuf-reference-exporter': (c) => {
    expect(c.guards['ATTACH-OWN-SG']).toBeGreaterThan(0);
    expect(c.guards['DYN-MAP-LOCKED']).toBeGreaterThan(0);
    expect(syncs(c, 'dma_sync_sg_for_cpu on DMA_BIDIRECTIONAL')).toBeGreaterThan(0);
  },
};

describe('corpus', () => {
  it('lists registered policies, each clean by declaration, the new ones documented', () => {
    for (const name of CORPUS) {
      expect(Object.keys(policies)).toContain(name);
      const p = policies[name] as Policy;
      expect(p.expects).toEqual([]);
      if (name.startsWith('corpus-')) {
        expect(p.provenance?.kind).toBe('documented');
        expect(p.simplifications?.length ?? 0).toBeGreaterThan(0);
      }
    }
    for (const name of Object.keys(policies)) if (name.startsWith('corpus-')) expect(CORPUS).toContain(name);
  });

  it('corpus-streaming-map-unmap fuzzes clean', () => {
    expect(violations('corpus-streaming-map-unmap')).toEqual([]);
  });
  it('corpus-tx-buffer-reuse fuzzes clean', () => {
    expect(violations('corpus-tx-buffer-reuse')).toEqual([]);
  });
  it('corpus-rx-buffer-recycle fuzzes clean', () => {
    expect(violations('corpus-rx-buffer-recycle')).toEqual([]);
  });
  it('corpus-partial-sync fuzzes clean', () => {
    expect(violations('corpus-partial-sync')).toEqual([]);
  });
  it('corpus-dynamic-importer fuzzes clean', () => {
    expect(violations('corpus-dynamic-importer')).toEqual([]);
  });
  it('corpus-sync-every-submit fuzzes clean', () => {
    expect(violations('corpus-sync-every-submit')).toEqual([]);
  });
  it('nouveau-2015-996f545fbb0d fuzzes clean', () => {
    expect(violations('nouveau-2015-996f545fbb0d')).toEqual([]);
  });
  it('i915-2019-userptr-interval-seq fuzzes clean', () => {
    expect(violations('i915-2019-userptr-interval-seq')).toEqual([]);
  });
  it('i915-2021-shrinker-trylock fuzzes clean', () => {
    expect(violations('i915-2021-shrinker-trylock')).toEqual([]);
  });
  it('dmabuf-reference-exporter fuzzes clean', () => {
    expect(violations('dmabuf-reference-exporter')).toEqual([]);
  });

  it.each([...CORPUS])('%s exercises its documented pattern', (name) => {
    PATTERN[name](result(name).coverage);
  });
});
