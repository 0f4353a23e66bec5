import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { record } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import {
  allocPages,
  attachmentOf,
  configFor,
  createWorld,
  DEFAULT_CONFIG,
  type DeviceId,
  DIR,
  dmaMapSg,
  dmaSyncRange,
  dmaSyncSg,
  EV,
  GPU,
  Kernel,
  objAt,
  objCreate,
  program,
  type SgId,
  SYNC,
  SYNC_FOR_CPU,
  SYNC_RANGE,
  sgAlloc,
  sgAt,
} from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';
import { syncLive } from './sync-live.ts';

const fixed = policies['dmabuf-reference-exporter'];
const only = ['SYNC-LIVE'] as const;

/** Deliberately broken: CPU access syncs the object's own table for the second GPU, which never mapped it. */
const syncsUnmapped = definePolicy({
  ...fixed,
  name: 'test-syncs-unmapped-table',
  programs: {
    ...fixed.programs,
    cpu_access: program('cpu_access', {
      sync: (k, f) => {
        const o = objAt(k.w, f.obj);
        if (o.sg >= 0) dmaSyncSg(k, o.sg as never, 1 as DeviceId, sgAt(k.w, o.sg).nents, DIR.FROM_DEVICE, true);
      },
    }),
  },
});

/** Deliberately broken: after its job the importer range-syncs pages 1-2 of a one-segment, two-page mapping. */
const rangePastSegment = definePolicy({
  ...fixed,
  name: 'test-range-sync-past-segment',
  programs: {
    ...fixed.programs,
    import_job: program('import_job', {
      sync: (k, f) => {
        const a = k.w.attachments[attachmentOf(k.w, f.obj, f.vm)];
        if (a !== undefined && a.sg >= 0) dmaSyncRange(k, a.sg as SgId, a.dev, 1, 2, DIR.FROM_DEVICE, true);
      },
    }),
  },
});

describe('SYNC-LIVE', () => {
  it('fires on a sync of a table whose mapping does not exist (the cached-sg exporter)', () => {
    const ops = [S.create(), S.export(0), S.attach(0, 1), S.mapAttachment(0, 1), S.attach(0, 2), S.mapAttachment(0, 2)];
    const r = check(policies['exporter-2015-cached-sg'], [...ops, S.importJob(0, 2, true), S.cpuAccess(0)], only);
    expect(r.violation?.message).toMatch(/device driver tries to sync DMA memory it has not allocated/);
  });

  it('fires on a sync for a device the table was not mapped for', () => {
    const r = check(syncsUnmapped, [S.create(), S.export(0), S.execbuf(0, 0), S.cpuAccess(0)], only);
    expect(r.violation?.message).toBe(
      'dma_sync_sg_for_cpu on obj#0: device driver tries to sync DMA memory it has not allocated',
    );
  });

  it('fires on a range sync past the end of its DMA segment', () => {
    const ops = [S.create(), S.export(0), S.attach(0, 2), S.mapAttachment(0, 2), S.importJob(0, 2, true)];
    const r = check(rangePastSegment, ops, only);
    expect(r.violation?.message).toBe(
      'dma_sync_single_range_for_cpu on m#1 runs past its DMA segment: device driver tries to sync DMA memory it has not allocated',
    );
  });

  it('is silent on a range sync of the sub-region a job wrote', () => {
    const ops = [S.create(), S.export(0), S.attach(0, 2), S.mapAttachment(0, 2), S.importJob(0, 2, 'sub-region')];
    expect(check(fixed, ops, only).violation).toBeNull();
    // Range syncs of the ISP's mapping (m#1; m#0 is the GPU's), for the device and back, in range.
    const syncs = record(fixed, ops, { config: configFor(fixed) })
      .steps.flatMap((s) => s.events)
      .filter((e) => e.kind === EV.dma_sync && (e.c & SYNC_RANGE) !== 0);
    expect(syncs.map((e) => [e.a, e.b, e.c & SYNC_FOR_CPU])).toEqual([
      [1, SYNC.OK, 0],
      [1, SYNC.OK, SYNC_FOR_CPU],
    ]);
  });

  it('is silent when CPU access syncs only live mappings a device wrote', () => {
    const ops = [S.create(), S.export(0), S.attach(0, 2), S.mapAttachment(0, 2), S.importJob(0, 2, true)];
    const r = check(fixed, [...ops, S.cpuAccess(0)], only);
    expect(r.violation).toBeNull();
  });

  test.prop([opsArb(optionsFor(fixed, { config: configFor(fixed) }))])('is silent on the fixed exporter', (ops) => {
    expect(check(fixed, ops, only).violation).toBeNull();
  });
});

describe('SYNC-LIVE: check_sync directions (FIDELITY.md "Model findings" 1)', () => {
  /** A TO_DEVICE or FROM_DEVICE sg mapping of a fresh two-page object on the GPU, synced once. */
  function syncOnce(mapDir: number, dir: number, forCpu: boolean): string | null {
    const w = createWorld({ ...DEFAULT_CONFIG, objectPages: 2 });
    const k = new Kernel(w, fixed);
    const obj = objCreate(k, 'shmem');
    const sg = sgAlloc(k, obj, allocPages(k, obj, 2));
    dmaMapSg(k, sg, GPU, mapDir);
    dmaSyncSg(k, sg, GPU, sgAt(w, sg).nents, dir, forCpu);
    const e = k.ev.snapshot().find((x) => x.kind === EV.dma_sync);
    return e === undefined ? 'no sync event' : (syncLive.events?.dma_sync?.(w, e) ?? null);
  }

  it('is silent on sync_for_cpu(TO_DEVICE) of a TO_DEVICE mapping (reusing a TX buffer)', () => {
    expect(syncOnce(DIR.TO_DEVICE, DIR.TO_DEVICE, true)).toBeNull();
  });

  it('is silent on sync_for_device(FROM_DEVICE) of a FROM_DEVICE mapping (recycling an RX buffer)', () => {
    expect(syncOnce(DIR.FROM_DEVICE, DIR.FROM_DEVICE, false)).toBeNull();
  });

  it('prints both warnings of one mismatched call, in check_sync order', () => {
    expect(syncOnce(DIR.TO_DEVICE, DIR.FROM_DEVICE, true)).toBe(
      'dma_sync_sg_for_cpu on m#0: device driver syncs DMA memory with different direction [mapped with DMA_TO_DEVICE]; ' +
        'device driver syncs device read-only DMA memory for cpu [mapped with DMA_TO_DEVICE]',
    );
    expect(syncOnce(DIR.FROM_DEVICE, DIR.BIDIRECTIONAL, false)).toBe(
      'dma_sync_sg_for_device on m#0: device driver syncs DMA memory with different direction [mapped with DMA_FROM_DEVICE]; ' +
        'device driver syncs device write-only DMA memory to device [mapped with DMA_FROM_DEVICE]',
    );
  });
});
