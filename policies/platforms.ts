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

/**
 * The VMware VMs vmwgfx runs on: with a virtual VT-d, without an IOMMU, and an SEV guest (where
 * every streaming mapping is bounced, and `intel_iommu_enabled` is false).
 */
export const VMWARE_PLATFORMS: readonly Platform[] = [
  PLATFORMS['x86-vmware-vtd'],
  PLATFORMS['x86-vmware'],
  PLATFORMS['x86-vmware-sev'],
];

/**
 * Every preset but the VMware VMs (the same machines with another GPU): the corpus is
 * driver-neutral streaming DMA, correct on any machine.
 */
export const ALL_PLATFORMS: readonly Platform[] = PLATFORM_NAMES.map((n) => PLATFORMS[n]).filter(
  (p) => !VMWARE_PLATFORMS.includes(p),
);

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

/**
 * The codes a policy declares on one platform: its `expects`, less those `onlyOn` confines to
 * other platforms.
 */
export function expectsOn(p: Policy, platform: string): readonly string[] {
  const only = p.onlyOn;
  if (only === undefined) return p.expects;
  return p.expects.filter((c) => only[c] === undefined || (only[c] as readonly string[]).includes(platform));
}
