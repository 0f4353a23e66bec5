import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { record } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import {
  attachmentOf,
  configFor,
  type DeviceId,
  DIR,
  dmaSyncRange,
  dmaSyncSg,
  EV,
  objAt,
  program,
  type SgId,
  SYNC,
  SYNC_FOR_CPU,
  SYNC_RANGE,
  sgAt,
} from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';

const fixed = policies['dmabuf-2021-exporter'];
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
