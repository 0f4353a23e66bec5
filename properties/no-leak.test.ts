import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, S } from '../generators/index.ts';
import {
  attachmentOf,
  configFor,
  dmabufDetach,
  dmaUnmapSg,
  E,
  GPU,
  NONE,
  objAt,
  program,
  releasePages,
  unsetPages,
} from '../model/index.ts';
import { shmemPutPages } from '../policies/i915-2015/shmem.ts';
import { definePolicy, policies } from '../policies/index.ts';

const fixed = policies['i915-2015-e2273302'];
const buggy = policies['i915-2015-before-e2273302'];
const only = ['NO-LEAK'] as const;

/** Deliberately broken: put_pages forgets the unmap e2273302 added. */
const forgetsUnmap = definePolicy({
  ...fixed,
  name: 'test-forgets-unmap',
  putPages: (k, o) => shmemPutPages(k, o, false),
});

/** Deliberately broken: an importer that detaches without unmapping its attachment. */
const dmabuf = policies['dmabuf-reference-exporter'];
const detachesMapped = definePolicy({
  ...dmabuf,
  name: 'test-detach-leaves-mapping',
  programs: {
    ...dmabuf.programs,
    detach: program('detach', { detach: (k, f) => void dmabufDetach(k, attachmentOf(k.w, f.obj, f.vm)) }),
  },
});

/** Deliberately broken: unpopulate hands a dma_alloc_coherent buffer's pages back with put_page. */
const coherent = policies['nouveau-2015-996f545fbb0d'];
const putsCoherentPages = definePolicy({
  ...coherent,
  name: 'test-put-coherent-pages',
  putPages: (k, obj) => {
    const o = objAt(k.w, obj);
    if (o.sg === NONE || o.pagesPin > 0) return o.sg === NONE ? 0 : E.BUSY;
    const sg = unsetPages(k, obj);
    if (sg !== NONE) releasePages(k, sg);
    return 0;
  },
});

describe('NO-LEAK', () => {
  it('fires when a coherent buffer goes back to the page allocator without dma_free_coherent', () => {
    const ops = [S.create(), S.bind(0, 0), S.unbind(0, 0), S.shrink()];
    const r = checkOps(putsCoherentPages, ops, { only, config: configFor(coherent) });
    expect(r.violation?.message).toMatch(
      /^page 0 of obj#0 went back to the allocator under 1 live DMA mapping\(s\): m#0 \(dma 0x00000000, 2 pages, BIDIRECTIONAL, allocated coherent at step \d+\)/,
    );
    expect(checkOps(coherent, ops, { only, config: configFor(coherent) }).violation).toBeNull();
  });

  it('fires when an attachment is detached with its mapping live', () => {
    const ops = [S.create(), S.export(0), S.attach(0, 1), S.mapAttachment(0, 1), S.detach(0, 1)];
    const r = checkOps(detachesMapped, ops, { only, config: configFor(dmabuf) });
    expect(r.violation?.message).toBe("attachment 0 detached from obj#0's dma-buf with 1 mapping(s) still live");
    const clean = checkOps(dmabuf, ops, { only, config: configFor(dmabuf) });
    expect(clean.violation).toBeNull();
  });

  it('fires when reclaim releases pages whose first mapping was overwritten (e2273302)', () => {
    const r = checkOps(buggy, [S.create(), S.bind(0, 0), S.bind(0, 1), S.shrink()], { only });
    expect(r.violation?.code).toBe('NO-LEAK');
    expect(r.violation?.message).toMatch(/went back to the allocator under 1 live DMA mapping\(s\): m#0/);
  });

  it('fires when an object is closed with its mapping still live', () => {
    const r = checkOps(forgetsUnmap, [S.create(), S.bind(0, 0), S.close(0)], { only });
    expect(r.violation?.code).toBe('NO-LEAK');
  });

  it('is silent when the fixed policy releases pages after binding twice', () => {
    const r = checkOps(fixed, [S.create(), S.bind(0, 0), S.bind(0, 1), S.shrink(), S.close(0)], { only });
    expect(r.violation).toBeNull();
    expect(r.world.iommus[0]?.used).toBe(0);
  });

  test.prop([opsArb()])('is silent on the fixed policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});

describe('NO-LEAK at driver unbind (debug.c dma_debug_device_change)', () => {
  const base = policies['i915-2015-e2273302'];
  /** The driver's remove callback: does nothing, or unmaps every live sg mapping of the GPU first. */
  function unbinding(name: string, tearsDown: boolean) {
    return definePolicy({
      ...base,
      name,
      programs: {
        ...base.programs,
        driver_unbind: program('driver_unbind', {
          remove: (k) => {
            if (!tearsDown) return;
            for (const m of k.w.mappings)
              if (m.live && m.dev === GPU && m.kind === 'sg') dmaUnmapSg(k, m.sg, GPU, m.nents, m.dir);
          },
        }),
      },
    });
  }
  const ops = [S.create(), S.bind(0, 0), S.driverUnbind()];

  it('fires when the driver is unbound with DMA mappings of its device left', () => {
    const r = checkOps(unbinding('test-unbind-leaks', false), ops, { only: ['NO-LEAK'] });
    expect(r.violation?.message).toMatch(
      /^i915 0000:00:02.0 unbound: device driver has pending DMA allocations while released from device \[count=1\]; one of them: m#0 /,
    );
  });

  it('is silent when the remove callback unmapped everything first', () => {
    const r = checkOps(unbinding('test-unbind-clean', true), ops, { only: ['NO-LEAK'] });
    expect(r.violation).toBeNull();
    expect(r.world.mappings.every((m) => !m.live)).toBe(true);
  });
});
