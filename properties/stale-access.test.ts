import { describe, expect, it } from 'vitest';
import { readTrace, traceOps } from '../fuzz/index.ts';
import {
  allocPages,
  configFor,
  deviceAccessAddr,
  EV,
  GPU,
  iommuFlush,
  Kernel,
  objCreate,
  type PageId,
  PLATFORMS,
  type Platform,
  pagePut,
  run,
  vmaAt,
  type World,
} from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { invariants, makeChecker } from './index.ts';
import { iommuFault } from './iommu-fault.ts';
import { staleDma } from './stale-dma.ts';

/**
 * One stale access, two machines: B02 (i915 before 9490edb) unmaps the object under a VMA still
 * bound; the GPU then writes through that VMA's PTE. Under strict invalidation the IOMMU faults;
 * under a flush queue the write lands in whatever the page has become.
 */
const loaded = readTrace('regressions/i915-2013-before-9490edb--MAP-COVERS-BINDINGS.json');
if (!loaded.ok) throw new Error(loaded.error);
const trace = loaded.trace;

/** B02's trace on a platform; the kernel handle, and the stale PTE (vm 1's, page 0). */
function afterB02(policy: keyof typeof policies, platform: Platform) {
  const p = policies[policy];
  const config = configFor(p, { platform });
  const w: World = run(p, traceOps(trace), { config, checker: makeChecker([], {}) }).world;
  const k = new Kernel(w, p);
  const obj = w.objects[0];
  const vma = vmaAt(w, obj?.vmas[1] as number);
  return { k, w, pte: vma.ptes[0] as number, page: vma.ptePages[0] as PageId };
}

/** The messages the two invariants give on the events of `k`'s log. */
function symptoms(k: Kernel): string[] {
  const out: string[] = [];
  for (const e of k.ev.snapshot()) {
    const check =
      e.kind === EV.iommu_fault
        ? iommuFault.events?.iommu_fault
        : e.kind === EV.stale_dma
          ? staleDma.events?.stale_dma
          : undefined;
    const m = check?.(k.w, e);
    if (m !== undefined && m !== null) out.push(m);
  }
  return out;
}

describe('a stale access on strict and lazy IOMMUs (B02)', () => {
  it('faults under strict invalidation', () => {
    const { k, pte } = afterB02('i915-2013-before-9490edb', PLATFORMS['x86-intel-iommu-strict']);
    deviceAccessAddr(k, GPU, pte, true);
    expect(symptoms(k)).toEqual([
      expect.stringMatching(/^DMAR: \[DMA Write\] Request device \[0000:00:02\.0\] \(i915\) fault addr/),
    ]);
  });

  it('writes into the reused page under a flush queue', () => {
    const { k, w, pte, page } = afterB02('i915-2013-before-9490edb', PLATFORMS['x86-intel-iommu-lazy']);
    // The object lets the frame go and another object takes it, before the queue flushes.
    const p = w.pages[page];
    if (p === undefined) throw new Error('the PTE names a page');
    while (!p.free) pagePut(k, page);
    const next = objCreate(k, 'shmem');
    expect(allocPages(k, next, w.freePages.length)).toContain(page);
    deviceAccessAddr(k, GPU, pte, true);
    expect(symptoms(k)).toEqual([
      expect.stringMatching(new RegExp(`wrote through .* it landed in page ${page}, now obj#${next}'s`)),
    ]);
    expect(w.pages[page]?.devVer).toBe(w.dataVer);
  });

  it('faults under a flush queue too once the queue has flushed', () => {
    const { k, pte } = afterB02('i915-2013-before-9490edb', PLATFORMS['x86-intel-iommu-lazy']);
    iommuFlush(k, GPU);
    deviceAccessAddr(k, GPU, pte, false);
    expect(symptoms(k)).toEqual([expect.stringMatching(/^DMAR: \[DMA Read\]/)]);
  });

  it('stays silent where the PTE still points into a live mapping (the twin)', () => {
    for (const platform of [PLATFORMS['x86-intel-iommu-strict'], PLATFORMS['x86-intel-iommu-lazy']]) {
      const { k, pte } = afterB02('i915-2015-before-e2273302', platform);
      deviceAccessAddr(k, GPU, pte, true);
      expect(symptoms(k)).toEqual([]);
    }
  });

  it('shows nothing on dma-direct: the mapping B02 leaked still gives the same physical address', () => {
    for (const policy of ['i915-2015-before-e2273302', 'i915-2013-before-9490edb'] as const) {
      const { k, pte } = afterB02(policy, PLATFORMS['x86-no-iommu']);
      deviceAccessAddr(k, GPU, pte, true);
      expect(symptoms(k)).toEqual([]);
    }
  });

  it('reaches a freed physical page on dma-direct once no live mapping gave its address', () => {
    const { k, w, pte, page } = afterB02('i915-2013-before-9490edb', PLATFORMS['x86-no-iommu']);
    for (const m of w.mappings) m.live = false; // as if the leaked mapping were unmapped too
    const p = w.pages[page];
    if (p === undefined) throw new Error('the PTE names a page');
    while (!p.free) pagePut(k, page);
    deviceAccessAddr(k, GPU, pte, true);
    expect(symptoms(k)).toEqual([expect.stringMatching(/\(direct: .* it landed in a free page$/)]);
  });
});

describe("B02's own GPU job on strict and lazy IOMMUs", () => {
  /** The B02 trace, then a job on the VMA whose PTEs the unmap left behind, and its completion. */
  const more = {
    ...trace,
    ops: [
      ...trace.ops,
      { kind: 'execbuf', ctx: 'U0', obj: 0, vm: 1, arg: 1, run: 0 },
      { kind: 'signal', ctx: 'G', obj: 0, vm: 0, arg: 0, run: 0 },
    ],
  } as typeof trace;
  /** The first violation on `platform`, the lifetime invariants masked: the symptom of the access. */
  function symptom(platform: Platform): string | undefined {
    const p = policies['i915-2013-before-9490edb'];
    const checker = makeChecker(Object.values(invariants), {
      mask: new Set(['MAP-SINGLE', 'MAP-COVERS-BINDINGS', 'MAP-BALANCED', 'NO-LEAK', 'DIRTY-AFTER-TEARDOWN']),
    });
    const r = run(p, traceOps(more), { config: configFor(p, { platform }), checker });
    return r.violation?.code;
  }

  it('is one stale access: an IOMMU fault under strict invalidation, a stale write under a flush queue', () => {
    expect(symptom(PLATFORMS['x86-intel-iommu-strict'])).toBe('IOMMU-FAULT');
    expect(symptom(PLATFORMS['x86-intel-iommu-lazy'])).toBe('STALE-DMA');
    expect(symptom(PLATFORMS['x86-no-iommu'])).toBeUndefined();
  });

  it('is silent on the twin, whose PTEs point into a live mapping', () => {
    const p = policies['i915-2015-before-e2273302'];
    for (const platform of [PLATFORMS['x86-intel-iommu-strict'], PLATFORMS['x86-intel-iommu-lazy']]) {
      const checker = makeChecker(Object.values(invariants), {
        mask: new Set(['MAP-SINGLE', 'NO-LEAK', 'DIRTY-AFTER-TEARDOWN']),
      });
      expect(run(p, traceOps(more), { config: configFor(p, { platform }), checker }).violation?.code).toBeUndefined();
    }
  });
});
