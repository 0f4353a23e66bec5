import { type DeviceId, EV, type IommuDomain, type Iova, type Kernel, type MappingId, NONE } from '../core/index.ts';

/**
 * IOVA allocation in a device's IOMMU domain. Each map takes a fresh range (intel-iommu
 * `intel_alloc_iova`; commit e2273302: "HW IOMMU drivers (intel_iommu) allocate a new range from
 * their memory space whenever a mapping is created"); exhaustion is what the real allocator logs as
 * "DMAR: Allocating N-page iova failed" (KERNEL.md §1.3).
 * Kernel today: `iommu_dma_alloc_iova` (drivers/iommu/dma-iommu.c). Records `iova_exhausted` on
 * failure (IOVA-HEADROOM); state: the domain's `owner` and `used`, or its `failures`. Map primitives
 * call it.
 * @category IOMMU
 */
export function iovaAlloc(k: Kernel, dev: DeviceId, npages: number, owner: MappingId): Iova | -1 {
  const d = domain(k, dev);
  const o = d.owner;
  let run = 0;
  for (let i = 0; i < d.capacity; i++) {
    if (o[i] === NONE) {
      run++;
      if (run === npages) {
        const start = i - npages + 1;
        for (let j = start; j <= i; j++) o[j] = owner;
        d.used += npages;
        return start as Iova;
      }
    } else {
      run = 0;
    }
  }
  d.failures++;
  k.emit(EV.iova_exhausted, NONE, dev, npages, 0);
  return NONE;
}

/**
 * Frees an IOVA range of a device's domain (`iommu_dma_free_iova`, drivers/iommu/dma-iommu.c; intel-iommu's
 * `free_iova` in the e2273302 era). `unmap` calls it; it records no event. After it, a device access
 * through the range reaches no mapping (`iovaOwner` is NONE), or a later mapping reusing the range.
 * @category IOMMU
 */
export function iovaFree(k: Kernel, dev: DeviceId, start: Iova, npages: number): void {
  const d = domain(k, dev);
  for (let j = start; j < start + npages; j++) d.owner[j] = NONE;
  d.used -= npages;
}

/**
 * The mapping an IOVA page belongs to, or NONE: what a device access through the IOMMU reaches.
 * Records no event. Device accesses through the IOMMU read it.
 * @category IOMMU
 */
export function iovaOwner(k: Kernel, dev: DeviceId, iova: Iova): MappingId | -1 {
  return domain(k, dev).owner[iova] ?? NONE;
}

function domain(k: Kernel, dev: DeviceId): IommuDomain {
  const d = k.w.iommus[dev];
  if (d === undefined) throw new Error(`device ${dev} has no IOMMU domain`);
  return d;
}
