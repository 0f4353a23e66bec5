import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import {
  allocPages,
  configFor,
  createWorld,
  DEFAULT_CONFIG,
  type Device,
  type DeviceId,
  DIR,
  dmaMapSg,
  dmaUnmapSg,
  EV,
  Kernel,
  NONE,
  objAt,
  objCreate,
  program,
  type SgId,
  sgAlloc,
  sgAt,
  sgFromPages,
} from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';
import { segConstraints } from './seg-constraints.ts';

const fixed = policies['dmabuf-reference-exporter'];
const buggy = policies['dmabuf-2015-no-attach-constraints'];
const only = ['SEG-CONSTRAINTS'] as const;
// obj#1's pages are allocated after obj#0's are freed: the free list hands them back reversed, so
// the buffer is no longer physically contiguous and the one-segment ISP cannot take it.
const scattered = [S.create(), S.create(), S.bind(0, 0), S.close(0), S.bind(1, 0), S.export(1), S.attach(1, 2)];

describe('SEG-CONSTRAINTS', () => {
  it('fires when a device that needs one contiguous segment attaches to a scattered buffer', () => {
    const r = check(buggy, scattered, only);
    expect(r.violation?.message).toMatch(/attach of rkisp1 fe100000.isp to obj#1's dma-buf succeeded although/);
  });

  it('fires when the mapping has more segments than the device takes', () => {
    const r = check(buggy, [...scattered, S.mapAttachment(1, 2)], ['SEG-CONSTRAINTS']);
    expect(r.violation?.code).toBe('SEG-CONSTRAINTS');
  });

  it('is silent when the exporter refuses the attach, and when the buffer fits', () => {
    expect(check(fixed, scattered, only).violation).toBeNull();
    const fits = check(fixed, [S.create(), S.export(0), S.attach(0, 2), S.mapAttachment(0, 2)], only);
    expect(fits.violation).toBeNull();
    expect(fits.world.mappings.some((m) => m.dev === 2 && m.live && m.segs.length === 1)).toBe(true);
  });

  test.prop([opsArb(optionsFor(fixed, { config: configFor(fixed) }))])('is silent on the fixed exporter', (ops) => {
    expect(check(fixed, ops, only).violation).toBeNull();
  });
});

describe('SEG-CONSTRAINTS: debug.c check_sg_segment at every dma_map_sg (CONFIG_DMA_API_DEBUG_SG)', () => {
  /** CPU access maps obj's pages for the ISP (max segment 2 pages): the object's own table, or one cut to fit. */
  function mapsForIsp(name: string, fit: boolean) {
    return definePolicy({
      ...fixed,
      name,
      programs: {
        ...fixed.programs,
        cpu_access: program('cpu_access', {
          stream: (k, f) => {
            const o = objAt(k.w, f.obj);
            if (o.sg < 0) return;
            const isp = 2 as DeviceId;
            const sg = fit ? sgFromPages(k, o.id, sgAt(k.w, o.sg).pages, NONE, 2) : (o.sg as SgId);
            const nents = sgAt(k.w, sg).nents;
            if (dmaMapSg(k, sg, isp, DIR.TO_DEVICE) > 0) dmaUnmapSg(k, sg, isp, nents, DIR.TO_DEVICE);
          },
        }),
      },
    });
  }
  const ops = [S.create(), S.export(0), S.execbuf(0, 0), S.cpuAccess(0)];
  const config = { ...configFor(fixed), objectPages: 4 };

  it("fires when a CPU entry is longer than the device's max segment size", () => {
    const r = checkOps(mapsForIsp('test-long-segment', false), ops, { only, config });
    expect(r.violation?.message).toBe(
      'dma_map_sg of m#1 for rkisp1 fe100000.isp: mapping sg segment longer than device claims to support [len=16384] [max=8192] (entry 0)',
    );
  });

  it("is silent when the table's entries fit the device", () => {
    expect(checkOps(mapsForIsp('test-fitting-segments', true), ops, { only, config }).violation).toBeNull();
  });

  it("reports a DMA segment across the device's segment boundary, and not one inside it", () => {
    for (const [boundary, crosses] of [
      [2, true],
      [4, false],
    ] as const) {
      const w = createWorld({ ...DEFAULT_CONFIG, objectPages: 4 });
      const amdgpu = w.devices[1] as Device;
      w.devices[1] = { ...amdgpu, segBoundaryPages: boundary };
      const k = new Kernel(w, fixed);
      const obj = objCreate(k, 'shmem');
      const sg = sgAlloc(k, obj, allocPages(k, obj, 4));
      expect(dmaMapSg(k, sg, amdgpu.id, DIR.BIDIRECTIONAL)).toBe(1); // IOVA 0-3, one DMA segment
      const said = k.ev
        .snapshot()
        .filter((e) => e.kind === EV.dma_debug_sg_segment)
        .map((e) => segConstraints.events?.dma_debug_sg_segment?.(w, e));
      expect(said).toEqual(
        crosses
          ? [
              'dma_map_sg of m#0 for amdgpu 0000:03:00.0: mapping sg segment across boundary [start=0x0000000000000000] [end=0x0000000000003fff] [boundary=0x0000000000001fff] (entry 0)',
            ]
          : [],
      );
    }
  });
});
