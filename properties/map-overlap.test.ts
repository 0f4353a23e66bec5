import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { S } from '../generators/index.ts';
import {
  ATTR_SKIP_CPU_SYNC,
  type DeviceId,
  DIR,
  dmaMapPage,
  dmaMappingError,
  dmaUnmapPage,
  NONE,
  objAt,
  type PageId,
  program,
  sgAt,
} from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';

const fixed = policies['dmabuf-reference-exporter'];
const only = ['MAP-OVERLAP'] as const;

/**
 * CPU access maps page 0, which the GPU holds mapped BIDIRECTIONAL, for the second GPU too, and
 * unmaps it: in `dir`, with `attrs`.
 */
function mapsPageAgain(name: string, dir: number, attrs: number) {
  return definePolicy({
    ...fixed,
    name,
    programs: {
      ...fixed.programs,
      cpu_access: program('cpu_access', {
        stream: (k, f) => {
          const o = objAt(k.w, f.obj);
          if (o.sg < 0) return;
          const dev = 1 as DeviceId;
          const m = dmaMapPage(k, o.id, sgAt(k.w, o.sg).pages[0] as PageId, dev, dir, attrs);
          if (dmaMappingError(k, m, dev) || m === NONE) return;
          dmaUnmapPage(k, m, dev, dir);
        },
      }),
    },
  });
}

describe('MAP-OVERLAP', () => {
  const ops = [S.create(), S.export(0), S.execbuf(0, 0), S.cpuAccess(0)];

  it('fires when a second device maps a page the GPU holds, for the device to write, without SKIP_CPU_SYNC', () => {
    const r = check(mapsPageAgain('test-overlapping-from-device', DIR.FROM_DEVICE, 0), ops, only);
    expect(r.violation?.code).toBe('MAP-OVERLAP');
    expect(r.violation?.message).toMatch(
      /^m#\d+ .* for amdgpu 0000:03:00.0 maps page 0, whose first cacheline 1 other live mapping\(s\) already hold: cacheline tracking EEXIST, overlapping mappings aren't supported$/,
    );
  });

  it('is silent on a TO_DEVICE second mapping (not tracked), and on one with DMA_ATTR_SKIP_CPU_SYNC', () => {
    expect(check(mapsPageAgain('test-overlapping-to-device', DIR.TO_DEVICE, 0), ops, only).violation).toBeNull();
    const skip = check(mapsPageAgain('test-overlapping-skip-sync', DIR.BIDIRECTIONAL, ATTR_SKIP_CPU_SYNC), ops, only);
    expect(skip.violation).toBeNull();
    // The line was tracked all the same, and released by the unmap: only the GPU's entry is left.
    expect(skip.world.debug.cachelines[0]).toBe(1);
  });

  it("leaves one object's pages mapped twice for the GPU to MAP-SINGLE (debug.c would print EEXIST there too)", () => {
    const doubleMap = policies['i915-2015-before-e2273302'];
    const ops = [S.create(), S.bind(0, 0), S.bind(0, 1)];
    const r = checkOps(doubleMap, ops, { only });
    expect(r.violation).toBeNull();
    expect(r.world.debug.cachelines[0]).toBe(2); // both mappings hold page 0's first line
    expect(checkOps(doubleMap, ops, { only: ['MAP-SINGLE'] }).violation?.code).toBe('MAP-SINGLE');
  });
});
