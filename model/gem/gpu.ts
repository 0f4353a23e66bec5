import { type FenceId, fenceAt, GPU, type Kernel, NONE, objAt, sgAt, vmaAt } from '../core/index.ts';
import { deviceAccess, deviceAccessAddr } from '../dma/index.ts';
import { PTE_GARBAGE } from './vma.ts';

/**
 * The GPU executes a job: it reads (or, for a writing job, writes) every page its VMAs' PTEs reach,
 * through the DMA mapping the PTEs were written from. Called as the job completes, before its
 * fence signals: what it wrote is then there for anyone who waited on the fence. A PTE whose page
 * is no longer the object's (a stale PTE, an unmapped table) is skipped here; the lifetime
 * invariants report it. The policies of a non-coherent GPU call this, since only there does the
 * data path decide anything; on the coherent i915 every write is seen at once.
 * Records `dev_access` for every page it touches (BOUNCE-COHERENT).
 * @category GEM
 */
export function gpuRunJob(k: Kernel, fence: FenceId): void {
  const w = k.w;
  const f = fenceAt(w, fence);
  for (const id of f.vmas) {
    const v = vmaAt(w, id);
    const o = objAt(w, v.obj);
    if (o.sg === NONE) continue;
    const t = sgAt(w, o.sg);
    const m = t.dma === NONE ? undefined : w.mappings[t.dma];
    if (m === undefined || !m.live || m.dev !== GPU) continue;
    for (let i = 0; i < v.ptePages.length; i++) {
      if (v.ptePages[i] !== NONE && v.ptePages[i] === t.pages[i]) deviceAccess(k, m.id, i, f.write);
    }
  }
}

/**
 * The GPU executes a job through its page tables: for every PTE of the job's VMAs it issues the DMA
 * to the address the PTE holds (`deviceAccessAddr`), as the hardware does, whatever mapping the
 * address came from. A PTE left behind by an unmap is then an IOMMU fault under strict
 * invalidation, and a stale access (into whatever the page has become) under a flush queue or on
 * dma-direct: KERNEL.md B02 (commit 9490edb58865: "The current code will tell the IOMMU to unmap the
 * GEM BO's pages on the destruction of the first VMA that 'maps' that BO", while another VMA's PTEs
 * still point at them). Called as the job completes, before its fence signals.
 * @category GEM
 */
export function gpuRunJobPtes(k: Kernel, fence: FenceId): void {
  const w = k.w;
  const f = fenceAt(w, fence);
  for (const id of f.vmas) {
    const v = vmaAt(w, id);
    for (let i = 0; i < v.ptes.length; i++) {
      const addr = v.ptes[i] as number;
      if (addr !== NONE && addr !== PTE_GARBAGE) deviceAccessAddr(k, GPU, addr, f.write);
    }
  }
}
