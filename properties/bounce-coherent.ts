import type { Invariant } from './invariant.ts';

/**
 * BOUNCE-COHERENT: the CPU reads data a device wrote only after `dma_sync_*_for_cpu` or the unmap
 * since that write, and a device reads data the CPU wrote only after the map or
 * `dma_sync_*_for_device`: behind SWIOTLB or on a non-coherent device the other side's copy is stale
 * until then. Documentation/core-api/dma-api.rst (the warning on streaming mappings),
 * dma-api-howto.rst; seed 004 (Hellström on vmwgfx and coherency); udmabuf fix (KERNEL.md B12).
 */
export const bounceCoherent: Invariant = {
  code: 'BOUNCE-COHERENT',
  summary: "CPU and device read each other's writes only after the sync (or map/unmap) that hands the data over",
  source: 'Documentation/core-api/dma-api.rst, dma-api-howto.rst; seed 004 (Hellström, Jan 2019); KERNEL.md B12',
  events: {
    cpu_access: (_w, e) =>
      e.d === 1 || e.c <= e.b
        ? null
        : `the CPU read page ${e.a} of obj#${e.obj} and saw data version ${e.b}, but a device wrote version ${e.c} ` +
          'and no sync_for_cpu or unmap handed it over (bounce buffer or non-coherent DMA)',
    dev_access: (_w, e) =>
      e.d === 1 || e.c <= e.b
        ? null
        : `a device read page ${e.a} of obj#${e.obj} and saw data version ${e.b}, but the CPU wrote version ${e.c} ` +
          'and no sync_for_device or map handed it over',
  },
  guard: {
    describe: 'the CPU reads a page a device wrote',
    events: { cpu_access: (_w, e) => e.d === 0 && e.c > 0 },
  },
};
