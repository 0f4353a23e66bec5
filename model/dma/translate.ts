import { type DeviceId, EV, type Kernel, NONE, pageAt } from '../core/index.ts';
import { SWIOTLB_BASE } from './api.ts';
import { deviceAt } from './device.ts';
import { iovaOwner, iovaStale } from './iommu.ts';
import { deviceAccess } from './sync.ts';

/**
 * A device issues DMA to a device address it holds (a GPU PTE, a descriptor), as its translation
 * resolves it. Through an IOMMU (drivers/iommu/dma-iommu.c): a live mapping's IOVA reaches that
 * mapping's page; an IOVA whose unmap was strict faults (`iommu_fault`); one whose unmap is still in
 * a lazy flush queue reaches the old page through the IOTLB, whatever that page has become
 * (`stale_dma`). On dma-direct the address is physical: it reaches the page whether or not a live
 * mapping gave it (`stale_dma` when none does). SWIOTLB slot addresses are not resolved here.
 */
export function deviceAccessAddr(k: Kernel, dev: DeviceId, addr: number, write: boolean): void {
  const w = k.w;
  const d = deviceAt(w, dev);
  if (d.iommu) {
    const owner = iovaOwner(k, dev, addr as never);
    if (owner !== NONE) {
      const m = w.mappings[owner];
      if (m !== undefined) deviceAccess(k, owner, addr - (m.iova as number), write);
      return;
    }
    const page = iovaStale(k, dev, addr);
    if (page === NONE) k.emit(EV.iommu_fault, NONE, dev, addr, write ? 1 : 0);
    else staleAccess(k, dev, page, addr, write);
    return;
  }
  if (addr >= SWIOTLB_BASE) return;
  const p = w.pages[addr];
  if (p === undefined) return;
  const live = w.mappings.some((m) => m.live && m.dev === dev && m.iova === NONE && m.addrs.includes(addr));
  if (!live) staleAccess(k, dev, addr, addr, write);
}

function staleAccess(k: Kernel, dev: DeviceId, page: number, addr: number, write: boolean): void {
  const p = pageAt(k.w, page);
  if (write) {
    const v = ++k.w.dataVer;
    p.ver = v;
    p.devVer = v;
  }
  k.emit(EV.stale_dma, p.free ? NONE : p.obj, page, dev, addr, write ? 1 : 0);
}
