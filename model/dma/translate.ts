import { type DeviceId, EV, type Kernel, NONE, objAt, type PageId, pageAt } from '../core/index.ts';
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

/**
 * A device issues DMA to the CPU physical address of a page (`page_to_phys`), which no DMA API call
 * gave it: vmwgfx's `vmw_dma_phys` mode (`__vmw_piter_phys_addr`, removed in Hellström's "drm/vmwgfx:
 * Remove the vmw_dma_phys mode code", Message-Id 20191114105645.41578-2-thomas_os@shipmail.org). What
 * it reaches depends on the machine:
 * - dma-direct or an identity domain: DMA address = physical address, the page itself, seen as the
 *   device sees RAM (its caches if coherent);
 * - an IOMMU DMA domain: the physical address is no IOVA of the device's domain, an IOMMU fault;
 * - SWIOTLB for memory encryption (`swiotlb-always`, an SEV guest): the page is private (encrypted)
 *   memory, and the device reaches only shared memory (Documentation/arch/x86/amd-memory-encryption.rst;
 *   bounce buffering is how the DMA API hands data over): a read sees none of the CPU's data, a
 *   write is not what the CPU reads back. The model does not decide whether the access faults or
 *   reads ciphertext; it records that the data did not cross (BOUNCE-COHERENT).
 * - `swiotlb-above-mask`: treated as dma-direct (the model's pages have no physical address to
 *   compare with the mask).
 * Records `dev_access` (BOUNCE-COHERENT) or `iommu_fault` (IOMMU-FAULT).
 * @category DMA API
 */
export function deviceAccessPhys(k: Kernel, dev: DeviceId, page: PageId, write: boolean): void {
  const w = k.w;
  const d = deviceAt(w, dev);
  const p = pageAt(w, page);
  if (d.iommu) {
    k.emit(EV.iommu_fault, NONE, dev, page, write ? 1 : 0);
    return;
  }
  const encrypted = d.translation === 'swiotlb-always';
  if (write) {
    const v = ++w.dataVer;
    p.devVer = v;
    if (!encrypted) {
      p.ver = v;
      if (d.coherent || p.coherent) p.cache = v;
    }
    k.emit(EV.dev_access, p.obj, page, v, v, 1);
  } else {
    const seen = encrypted ? 0 : d.coherent ? p.cache : p.ver;
    k.emit(EV.dev_access, p.obj, page, seen, p.cpuVer, 0);
  }
  if (p.obj !== NONE) k.touch(objAt(w, p.obj));
}
