import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { configFor } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';

const fixed = policies['dmabuf-reference-exporter'];
const only = ['BOUNCE-COHERENT'] as const;
// The ISP (32-bit DMA mask: SWIOTLB) writes the buffer; then the CPU reads it.
const ispWritesCpuReads = [
  S.create(),
  S.export(0),
  S.attach(0, 2),
  S.mapAttachment(0, 2),
  S.importJob(0, 2, true),
  S.cpuAccess(0),
];

describe('BOUNCE-COHERENT', () => {
  it("fires when what the device wrote is never synced back for the CPU (the udmabuf fix's rule)", () => {
    const r = check(policies['streaming-importer-no-sync-for-cpu'], ispWritesCpuReads, only);
    expect(r.violation?.message).toMatch(
      /^the CPU read page 0 of obj#0 and saw data version \d+, but a device wrote version \d+ and no sync_for_cpu/,
    );
  });

  it('is silent when the importer syncs its bounced DMA writes for the CPU', () => {
    const r = check(fixed, ispWritesCpuReads, only);
    expect(r.violation).toBeNull();
    const page = r.world.pages[0];
    expect(page?.cache).toBe(page?.devVer);
  });

  it('fires when the importer syncs back only a sub-region of a whole-buffer write', () => {
    const r = check(policies['streaming-sync-nonconservative-region'], ispWritesCpuReads, only);
    expect(r.violation?.message).toMatch(/^the CPU read page 1 of obj#0 and saw data version \d+, but a device wrote/);
  });

  it('is silent when a sub-region write is synced back by its range, and the CPU reads it all', () => {
    const subRegion = ispWritesCpuReads.map((op) => (op.kind === 'import_job' ? { ...op, arg: 2 } : op));
    const r = check(fixed, subRegion, only);
    expect(r.violation).toBeNull();
    expect(r.world.pages[0]?.cache).toBe(r.world.pages[0]?.devVer);
    expect(r.world.pages[0]?.devVer).toBeGreaterThan(0);
    expect(r.world.pages[1]?.devVer).toBe(0);
    // The range sync handed page 0 back: nothing is left for a whole-table sync at unmap to copy over.
    expect(r.world.mappings[1]?.devWrote).toEqual([false, false]);
  });

  test.prop([opsArb(optionsFor(fixed, { config: configFor(fixed) }))])('is silent on the fixed exporter', (ops) => {
    expect(check(fixed, ops, only).violation).toBeNull();
  });
});

describe('BOUNCE-COHERENT on a non-coherent GPU (Tegra K1, nouveau)', () => {
  const noSync = policies['nouveau-2014-gk20a-before-sync'];
  const synced = policies['nouveau-2015-before-996f545fbb0d'];
  const coherent = policies['nouveau-2015-996f545fbb0d'];
  const gpuWritesCpuReads = [S.create(), S.execbuf(0, 0, true), S.signal(), S.mmapAccess(0, 'read')];
  const cpuWritesGpuReads = [
    S.create(),
    S.execbuf(0, 0),
    S.signal(),
    S.mmapAccess(0, 'write'),
    S.execbuf(0, 0),
    S.signal(),
  ];
  const gpuWritesCpuPolls = gpuWritesCpuReads.map((op) => (op.kind === 'mmap_access' ? S.mmapAccess(0, 'poll') : op));

  it('fires when nothing syncs: the CPU reads its stale cache over what the GPU wrote', () => {
    expect(check(noSync, gpuWritesCpuReads, only).violation?.message).toMatch(
      /^the CPU read page 0 of obj#0 and saw data version \d+, but a device wrote version \d+/,
    );
  });

  it('fires when nothing syncs: the GPU reads RAM the CPU never wrote back', () => {
    expect(check(noSync, cpuWritesGpuReads, only).violation?.message).toMatch(
      /^a device read page 0 of obj#0 and saw data version \d+, but the CPU wrote version \d+/,
    );
  });

  it('is silent when CPU_PREP and validate/CPU_FINI sync the streaming BO', () => {
    expect(check(synced, gpuWritesCpuReads, only).violation).toBeNull();
    expect(check(synced, cpuWritesGpuReads, only).violation).toBeNull();
  });

  it('is silent when the GPU writes, validate syncs for the device again at resubmit, and CPU_PREP reads', () => {
    // A cache clean writes back only what the CPU dirtied: the second sync_for_device must not put
    // the CPU's stale copy over what the GPU wrote to RAM (FIDELITY.md "Model findings" 2).
    const resubmit = [
      S.create(),
      S.execbuf(0, 0, true),
      S.signal(),
      S.execbuf(0, 0),
      S.signal(),
      S.mmapAccess(0, 'read'),
    ];
    const r = check(synced, resubmit, only);
    expect(r.violation).toBeNull();
    const page = r.world.pages[0];
    expect(page?.devVer).toBeGreaterThan(0);
    expect(page?.cache).toBe(page?.devVer);
  });

  it('fires on a streaming BO that userspace polls without CPU_PREP (996f545fbb0d)', () => {
    expect(check(synced, gpuWritesCpuPolls, only).violation?.code).toBe('BOUNCE-COHERENT');
  });

  it('is silent on a dma_alloc_coherent BO, polled or bracketed, with no sync at all', () => {
    for (const ops of [gpuWritesCpuReads, cpuWritesGpuReads, gpuWritesCpuPolls]) {
      const r = check(coherent, ops, only);
      expect(r.violation).toBeNull();
      expect(r.world.mappings.every((m) => m.kind === 'coherent')).toBe(true);
    }
  });

  test.prop([opsArb(optionsFor(coherent, { config: configFor(coherent) }))])(
    'is silent on the coherent BOs under any interleaving',
    (ops) => {
      expect(check(coherent, ops, only).violation).toBeNull();
    },
  );
});
