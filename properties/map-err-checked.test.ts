import { describe, expect, it } from 'vitest';
import { S } from '../generators/index.ts';
import {
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
const only = ['MAP-ERR-CHECKED'] as const;

/** CPU access streams page 0 to the second GPU with dma_map_page and unmaps it; `checks`: tests the address first. */
function mapsPage(checks: boolean) {
  return definePolicy({
    ...fixed,
    name: checks ? 'test-map-page-checked' : 'test-map-page-unchecked',
    programs: {
      ...fixed.programs,
      cpu_access: program('cpu_access', {
        stream: (k, f) => {
          const o = objAt(k.w, f.obj);
          if (o.sg < 0) return;
          const dev = 1 as DeviceId;
          const m = dmaMapPage(k, o.id, sgAt(k.w, o.sg).pages[0] as PageId, dev, DIR.TO_DEVICE);
          if (checks && dmaMappingError(k, m, dev)) return;
          if (m === NONE) return; // the model's error cookie: nothing to unmap (the check is what is missing)
          dmaUnmapPage(k, m, dev, DIR.TO_DEVICE);
        },
      }),
    },
  });
}

describe('MAP-ERR-CHECKED', () => {
  const ops = [S.create(), S.export(0), S.execbuf(0, 0), S.cpuAccess(0)];

  it('fires when a dma_map_page address is unmapped without dma_mapping_error', () => {
    const r = check(mapsPage(false), ops, only);
    expect(r.violation?.code).toBe('MAP-ERR-CHECKED');
    expect(r.violation?.message).toMatch(/^dma_unmap of m#\d+ \(obj#0\): device driver failed to check map error/);
  });

  it('is silent when the address is tested first', () => {
    const r = check(mapsPage(true), ops, only);
    expect(r.violation).toBeNull();
    expect(r.world.mappings.some((m) => m.kind === 'single' && !m.live && m.errChecked)).toBe(true);
  });
});
