import { describe, expect, it } from 'vitest';
import { platformIssue } from '../../fuzz/index.ts';
import type { Platform } from '../core/index.ts';
import { createWorld, DEFAULT_CONFIG, devicesFor } from '../engine/index.ts';
import { devicesOf, dmaNeedSync, LEGACY_PLATFORMS, PLATFORM_NAMES, PLATFORMS, platformProblem } from './index.ts';

const lazy: Platform = PLATFORMS['x86-intel-iommu-lazy'];

describe('platform presets', () => {
  it.each(PLATFORM_NAMES)('%s is a possible machine and loads', (name) => {
    expect(platformProblem(PLATFORMS[name])).toBeNull();
    expect(platformIssue(JSON.parse(JSON.stringify(PLATFORMS[name])))).toBeNull();
  });

  it('gives the worlds `gpu` named before platforms, field for field', () => {
    const i915 = devicesFor('i915');
    expect(i915.map((d) => [d.driver, d.iommu, d.coherent, d.bounce, d.maxSegPages, d.maxSegCount])).toEqual([
      ['i915', true, true, false, 1 << 20, 1 << 20],
      ['amdgpu', true, true, false, 1 << 20, 1 << 20],
      ['rkisp1', false, false, true, 2, 1],
    ]);
    const gk20a = devicesFor('gk20a')[0];
    expect([gk20a?.name, gk20a?.driver, gk20a?.iommu, gk20a?.coherent, gk20a?.bounce]).toEqual([
      '57000000.gpu',
      'nouveau',
      false,
      false,
      false,
    ]);
    expect(devicesOf(LEGACY_PLATFORMS.i915)).toEqual(devicesFor('i915'));
  });

  it('builds the world of a platform: an IOVA space only where a DMA domain translates', () => {
    const w = createWorld({ ...DEFAULT_CONFIG, platform: PLATFORMS['x86-no-iommu'] });
    expect(w.iommus.map((d) => d.capacity)).toEqual([0, 0, 0]);
    const s = createWorld({ ...DEFAULT_CONFIG, platform: PLATFORMS['x86-intel-iommu-strict'] });
    expect(s.devices[0]?.translation).toBe('iommu-strict');
    expect(s.iommus[0]?.capacity).toBe(DEFAULT_CONFIG.iovaPages);
  });

  it('bounces a 32-bit device above 4 GiB, and not below', () => {
    const hi = PLATFORMS['x86-dma32-highmem'];
    expect(devicesOf(hi)[0]?.bounce).toBe(true);
    expect(devicesOf({ ...hi, memoryBits: 32 })[0]?.bounce).toBe(false);
  });
});

describe('platformProblem', () => {
  const withGpu = (gpu: Partial<Platform['devices'][number]>, p: Partial<Platform> = {}): Platform => ({
    ...lazy,
    ...p,
    devices: [{ ...(lazy.devices[0] as Platform['devices'][number]), ...gpu }, ...lazy.devices.slice(1)],
  });
  it('refuses an IOMMU translation on a machine without one', () => {
    expect(platformProblem(withGpu({}, { iommu: 'none' }))).toMatch(/needs an IOMMU/);
  });
  it('refuses dma-direct for a mask narrower than memory', () => {
    expect(platformProblem(withGpu({ translation: 'direct', dmaMaskBits: 32 }))).toMatch(/swiotlb-above-mask/);
  });
  it('refuses a segment boundary that is not a power of two, and a missing importer', () => {
    expect(platformProblem(withGpu({ segBoundaryPages: 3 }))).toMatch(/power of two/);
    expect(platformProblem({ ...lazy, devices: lazy.devices.slice(0, 1) })).toMatch(/3 expected/);
  });
});

describe('platformIssue (the loader)', () => {
  it('names an unknown field, a bad value and an impossible combination, in one line', () => {
    expect(platformIssue({ ...lazy, strict: true })).toMatch(/strict/);
    const bad = { ...lazy, devices: [{ ...lazy.devices[0], translation: 'iommu-eager' }, ...lazy.devices.slice(1)] };
    expect(platformIssue(bad)).toMatch(/^devices\.0\.translation/);
    expect(platformIssue({ ...lazy, iommu: 'none' })).toMatch(/^devices\.0 \(0000:00:02\.0\): translation iommu-lazy/);
    for (const v of [{ ...lazy, strict: true }, bad]) expect(platformIssue(v)).not.toMatch(/\n/);
  });
});

describe('dmaNeedSync', () => {
  const [i915, , isp] = devicesOf(lazy);
  const [gk20a] = devicesOf(LEGACY_PLATFORMS.gk20a);
  const [cc] = devicesOf(PLATFORMS['x86-confidential-vm']);
  const [direct] = devicesOf(PLATFORMS['x86-no-iommu']);
  it('answers as kernel/dma/direct.c and v5.8 dma-iommu do', () => {
    if (i915 === undefined || isp === undefined || gk20a === undefined || cc === undefined || direct === undefined)
      throw new Error('presets have three devices');
    expect(dmaNeedSync(direct, false)).toBe(false); // coherent, dma-direct, not bounced: syncs are no-ops
    expect(dmaNeedSync(gk20a, false)).toBe(true); // non-coherent
    expect(dmaNeedSync(cc, true)).toBe(true); // bounced
    expect(dmaNeedSync(i915, false)).toBe(true); // dma-iommu ops have sync callbacks
    expect(dmaNeedSync(isp, true)).toBe(true);
  });
});
