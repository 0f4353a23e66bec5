import type { Platform } from '../core/index.ts';

/** Devices a platform declares: the GPU (device 0) and the two importers the generators attach. */
export const PLATFORM_DEVICES = 3;

const isPow2 = (n: number) => n >= 1 && 2 ** Math.round(Math.log2(n)) === n;

/**
 * What makes a well-formed platform impossible as a machine, in one line, or null. The shape (field
 * names, types, ranges) is checked by the loader's schema first; these are the combinations.
 */
export function platformProblem(p: Platform): string | null {
  if (p.devices.length !== PLATFORM_DEVICES)
    return `devices: ${PLATFORM_DEVICES} expected (the GPU, then the two dma-buf importers), got ${p.devices.length}`;
  const names = new Set<string>();
  for (const [i, d] of p.devices.entries()) {
    const at = `devices.${i} (${d.name})`;
    if (names.has(d.name)) return `${at}: a second device with this name`;
    names.add(d.name);
    const t = d.translation;
    if ((t === 'iommu-strict' || t === 'iommu-lazy' || t === 'passthrough') && p.iommu === 'none')
      return `${at}: translation ${t} needs an IOMMU, and the platform has iommu "none"`;
    // kernel/dma/direct.h dma_direct_map_page: a page above the mask is bounced (or the map fails).
    if ((t === 'direct' || t === 'passthrough') && d.dmaMaskBits < p.memoryBits)
      return `${at}: a ${d.dmaMaskBits}-bit mask under dma-direct on ${p.memoryBits}-bit memory bounces: say translation swiotlb-above-mask`;
    if (!isPow2(d.segBoundaryPages)) return `${at}: segBoundaryPages must be a power of two`;
    if (d.contiguous && d.maxSegCount !== 1) return `${at}: a contiguous device takes one segment (maxSegCount 1)`;
    if (i === 0 && d.dynamic) return `${at}: device 0 owns the objects; only importers import dynamically`;
  }
  return null;
}
