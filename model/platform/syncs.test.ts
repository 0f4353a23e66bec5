import { describe, expect, it } from 'vitest';
import {
  allocPages,
  cpuWrite,
  createWorld,
  DEFAULT_CONFIG,
  type DeviceId,
  DIR,
  deviceAccess,
  dmaMapSg,
  dmaNeedSync,
  dmaSyncSg,
  EV,
  GPU,
  Kernel,
  mappingAt,
  objCreate,
  PLATFORM_NAMES,
  PLATFORMS,
  type Policy,
  pageAt,
  sgAlloc,
  sgAt,
} from '../index.ts';

/**
 * Syncs per translation. The kernel's sync paths return early where nothing moves:
 * kernel/dma/direct.h `dma_direct_sync_single_for_cpu` / `_for_device` do cache maintenance only
 * `if (!dev_is_dma_coherent(dev))` and copy only for a SWIOTLB address (`is_swiotlb_buffer`, later
 * `swiotlb_find_pool`); drivers/iommu/dma-iommu.c `iommu_dma_sync_single_for_cpu` returns at once
 * `if (dev_is_dma_coherent(dev) && !dev_use_swiotlb(dev, size, dir))`. So a sync changes what the
 * other side sees only for a non-coherent or bounced device, and `dma_need_sync()` (kernel/dma/
 * mapping.c) is true wherever it does (on dma-iommu, v5.8 answers true even where the sync is a
 * no-op: an over-approximation the model keeps, see need-sync.ts).
 */
function mapped(name: (typeof PLATFORM_NAMES)[number], dev: DeviceId) {
  const w = createWorld({ ...DEFAULT_CONFIG, platform: PLATFORMS[name] });
  const k = new Kernel(w, {} as Policy);
  const obj = objCreate(k, 'shmem');
  const sg = sgAlloc(k, obj, allocPages(k, obj, 1));
  expect(dmaMapSg(k, sg, dev, DIR.BIDIRECTIONAL)).toBeGreaterThan(0);
  const t = sgAt(w, sg);
  return { k, w, sg, page: t.pages[0] as number, m: mappingAt(w, t.dma) };
}

/** What the device reads of page 0 after the CPU wrote it: the CPU's version, or an older one. */
function deviceSeesCpuWrite(name: (typeof PLATFORM_NAMES)[number], dev: DeviceId, sync: boolean): boolean {
  const { k, sg, page, m } = mapped(name, dev);
  cpuWrite(k, page as never);
  if (sync) dmaSyncSg(k, sg, dev, m.nents, DIR.TO_DEVICE, false);
  k.ev.n = 0;
  deviceAccess(k, m.id, 0, false);
  const e = k.ev.snapshot().find((x) => x.kind === EV.dev_access);
  return e !== undefined && e.b === e.c;
}

/** Whether the CPU sees the device's write to page 0, with or without `sync_for_cpu`. */
function cpuSeesDeviceWrite(name: (typeof PLATFORM_NAMES)[number], dev: DeviceId, sync: boolean): boolean {
  const { k, w, sg, page, m } = mapped(name, dev);
  deviceAccess(k, m.id, 0, true);
  if (sync) dmaSyncSg(k, sg, dev, m.nents, DIR.FROM_DEVICE, true);
  const p = pageAt(w, page as never);
  return p.cache === p.devVer;
}

const cases = PLATFORM_NAMES.flatMap((name) =>
  PLATFORMS[name].devices.map((d, i) => ({ name, dev: i as DeviceId, label: `${d.driver} (${d.translation})` })),
);

describe('syncs per translation', () => {
  it.each(cases)('$name, $label: a sync moves data only where the kernel makes it do so', ({ name, dev }) => {
    const { w } = mapped(name, dev);
    const d = w.devices[dev];
    if (d === undefined) throw new Error('the preset has the device');
    const moves = !d.coherent || d.bounce;
    // Without the sync the other side is stale exactly where the sync has work to do.
    expect(deviceSeesCpuWrite(name, dev, false)).toBe(!moves);
    expect(cpuSeesDeviceWrite(name, dev, false)).toBe(!moves);
    // With it, the data always crosses.
    expect(deviceSeesCpuWrite(name, dev, true)).toBe(true);
    expect(cpuSeesDeviceWrite(name, dev, true)).toBe(true);
    // dma_need_sync() is true wherever the sync moves data (and, on dma-iommu, everywhere).
    if (moves) expect(dmaNeedSync(d, d.bounce)).toBe(true);
    if (!d.iommu && !moves) expect(dmaNeedSync(d, false)).toBe(false);
    if (d.iommu) expect(dmaNeedSync(d, d.bounce)).toBe(true);
  });

  it('has each translation of the presets: a no-op case, a cache case and a bounce case', () => {
    const gpu = (n: (typeof PLATFORM_NAMES)[number]) => mapped(n, GPU).w.devices[GPU];
    expect(gpu('x86-no-iommu')).toMatchObject({ coherent: true, bounce: false, iommu: false });
    expect(gpu('arm-tegra-k1-gk20a')).toMatchObject({ coherent: false, bounce: false });
    expect(gpu('x86-confidential-vm')).toMatchObject({ bounce: true });
  });
});
