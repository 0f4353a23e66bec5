import { configFor, PLATFORM_NAMES, PLATFORMS, type Platform, type Policy, platformOf } from '../model/index.ts';

/**
 * The x86 machines an x86-only driver (i915; amdgpu as modelled, a discrete x86 GPU) runs on: the
 * Intel IOMMU with a flush queue (the default world) and strict, and no IOMMU.
 */
export const X86_PLATFORMS: readonly Platform[] = [
  PLATFORMS['x86-intel-iommu-lazy'],
  PLATFORMS['x86-intel-iommu-strict'],
  PLATFORMS['x86-no-iommu'],
];

/** Every preset: the corpus is driver-neutral streaming DMA, correct on any machine. */
export const ALL_PLATFORMS: readonly Platform[] = PLATFORM_NAMES.map((n) => PLATFORMS[n]);

/**
 * The machines a catalogued policy's driver runs on (`--platform all`), its default first: what the
 * policy declares (`Policy.platforms`), else by driver: i915 and the i915-shaped shrinker policies
 * and amdgpu on x86 only; the gk20a policies on the Tegra K1 only; the corpus everywhere; the others
 * (dma-buf exporters, vfio, xe, ttm, nouveau's pushbuf) on the machine their config names.
 */
export function platformsOf(p: Policy): readonly Platform[] {
  if (p.platforms !== undefined) return p.platforms;
  const own = platformOf(configFor(p));
  if (p.config?.gpu === 'gk20a') return [own];
  if (/^(i915|shrinker|amdgpu)-/.test(p.name)) return X86_PLATFORMS;
  if (p.name.startsWith('corpus-')) return [own, ...ALL_PLATFORMS.filter((x) => x !== own)];
  return [own];
}
