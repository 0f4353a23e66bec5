import {
  type DeviceId,
  EV,
  type IommuDomain,
  type Iova,
  type Kernel,
  type MappingId,
  NONE,
  type PageId,
} from '../core/index.ts';

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
  // The model's schedule for the flush-queue timer (`fq_flush_timeout`, IOVA_FQ_TIMEOUT 10 ms): it
  // fires before the next allocation in the domain, so IOVAs are numbered as without a queue; the
  // stale window is the time between an unmap and the next map.
  if (d.fq.length > 0) iommuFlush(k, dev);
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
 * Unmap: the range goes back to the allocator. Strict (`iommu-strict`): `__iommu_dma_unmap` →
 * `iommu_iotlb_sync` before the unmap returns, so nothing reaches the pages through it any more.
 * Lazy (`iommu-lazy`): `queue_iova` defers the IOTLB flush, and until it the old translation still
 * reaches `pages` (drivers/iommu/dma-iommu.c; iommu.strict=0, KERNEL.md §1.2). Records no event.
 * @category IOMMU
 */
export function iovaFree(k: Kernel, dev: DeviceId, start: Iova, npages: number, pages?: readonly PageId[]): void {
  const d = domain(k, dev);
  const lazy = d.lazy && pages !== undefined;
  for (let j = start; j < start + npages; j++) {
    d.owner[j] = NONE;
    if (lazy) d.fq.push(j, pages[j - start] ?? NONE);
  }
  d.used -= npages;
}

/** The flush queue flushes (`fq_flush_iotlb` then `fq_ring_free`): no stale translation is left. @category IOMMU */
export function iommuFlush(k: Kernel, dev: DeviceId): void {
  const fq = domain(k, dev).fq;
  while (fq.length > 0) fq.pop();
}

/** The page a lazily unmapped IOVA page still reaches through the IOTLB, or NONE. @category IOMMU */
export function iovaStale(k: Kernel, dev: DeviceId, iova: number): number {
  const fq = domain(k, dev).fq;
  for (let i = fq.length - 2; i >= 0; i -= 2) if (fq[i] === iova) return fq[i + 1] as number;
  return NONE;
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
