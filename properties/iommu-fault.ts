import { iovaHex } from './describe.ts';
import type { Invariant } from './invariant.ts';

/**
 * IOMMU-FAULT: no device DMA goes through an IOVA after its strict unmap. With strict invalidation
 * (`iommu.strict=1`, `intel_iommu=strict`) `iommu_dma_unmap_*` flushes the IOTLB before returning
 * (drivers/iommu/dma-iommu.c `__iommu_dma_unmap` → `iommu_iotlb_sync`), so the access is blocked
 * and reported ("DMAR: [DMA Write] Request device [00:02.0] ... fault addr", drivers/iommu/intel/
 * dmar.c `dmar_fault_do_one`). 9490edb58865 (B02): the bug is likely "with intel_iommu_strict".
 */
export const iommuFault: Invariant = {
  code: 'IOMMU-FAULT',
  summary: 'no device DMA goes through an IOVA its strict unmap invalidated',
  source:
    'drivers/iommu/dma-iommu.c __iommu_dma_unmap; drivers/iommu/intel/dmar.c dmar_fault_do_one; commit 9490edb58865',
  events: {
    iommu_fault: (w, e) => {
      const d = w.devices[e.a];
      return (
        `DMAR: [DMA ${e.c === 1 ? 'Write' : 'Read'}] Request device [${d?.name ?? e.a}] (${d?.driver ?? '?'}) fault addr ` +
        `${iovaHex(e.b)}: the IOVA was unmapped (strict: its translation is gone), the device still used it`
      );
    },
  },
  // The situation: a device job completes (its DMA went through the addresses its driver gave it,
  // stale or not), or a device DMA is seen directly.
  guard: {
    describe: 'a device job completes, or a device DMA goes through a mapping',
    events: { fence_signal: () => true, dev_access: () => true, iommu_fault: () => true },
  },
};
