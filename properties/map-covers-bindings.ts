import { GPU, mappingAt, NONE, PTE_GARBAGE, type Vma, vmaAt, vmName, type World } from '../model/index.ts';
import { iovaHex } from './describe.ts';
import type { Invariant } from './invariant.ts';

/**
 * MAP-COVERS-BINDINGS: while a VMA of an object is bound, every PTE points into a live DMA mapping
 * of that object's pages. PTEs hold copies of DMA addresses taken at bind time, so unmapping the
 * object under a bound VMA leaves the GPU pointing at an IOVA that is free or someone else's.
 * Commit 9490edb ("Do not unmap object unless no other VMAs reference it"); i915_vma_bind kerneldoc.
 * Behind an IOMMU the PTE holds an IOVA (its owner says whose it is); on dma-direct a physical
 * address, which must be one a live mapping of the object handed out (dma-api.rst: a DMA address
 * is valid only between the map and the unmap).
 */
export const mapCoversBindings: Invariant = {
  code: 'MAP-COVERS-BINDINGS',
  summary: 'every PTE of a bound VMA points into a live DMA mapping of its own object',
  source: 'commit 9490edb58865 (KERNEL.md B02); i915_vma_bind kerneldoc (Documentation/DocBook/drm, v4.1)',
  object: (w, o) => {
    // `bindCount` (kept by writePtes/clearPtes) says how many VMAs are bound: stop after the last
    // one rather than walk every address space on every step that touches the object.
    let left = o.bindCount;
    const iommu = w.devices[GPU]?.iommu !== false;
    for (let vm = 0; left > 0 && vm < o.vmas.length; vm++) {
      const id = o.vmas[vm] as number;
      if (id === NONE) continue;
      const v = vmaAt(w, id);
      if (!v.bound) continue;
      left--;
      for (let i = 0; i < v.ptes.length; i++) {
        const pte = v.ptes[i] as number;
        if (pte === PTE_GARBAGE) return `${where(v, i)} was written from an sg table with no DMA mapping`;
        if (!iommu) {
          if (!directCovers(w, o.id, i, pte))
            return `${where(v, i)} points at dma address ${iovaHex(pte)}, which no live mapping of obj#${o.id} gave it`;
          continue;
        }
        const owner = w.iommus[GPU]?.owner[pte] ?? NONE;
        if (owner === NONE) return `${where(v, i)} points at iova ${iovaHex(pte)}, which no live mapping owns`;
        const m = mappingAt(w, owner);
        if (m.obj !== o.id)
          return `${where(v, i)} points at iova ${iovaHex(pte)}, now mapped for obj#${m.obj} (m#${m.id})`;
      }
    }
    return null;
  },
  guard: {
    describe: 'a VMA unbound while another VMA of the same object stays bound',
    events: { pte_clear: (w, e) => (w.objects[e.obj]?.bindCount ?? 0) >= 1 },
  },
};

/**
 * On dma-direct there is no IOVA owner to ask: a PTE is covered when a live GPU mapping of the
 * object gave page `i` that address (the object's current table first, the rare other cases by scan).
 */
function directCovers(w: World, obj: number, i: number, addr: number): boolean {
  const o = w.objects[obj];
  const t = o === undefined || o.sg === NONE ? undefined : w.sgs[o.sg];
  const m = t === undefined || t.dma === NONE ? undefined : w.mappings[t.dma];
  if (m?.live === true && m.dev === GPU && m.addrs[i] === addr) return true;
  return w.mappings.some((x) => x.live && x.obj === obj && x.dev === GPU && x.addrs[i] === addr);
}

/** Names a PTE in a message. Built only on a violation: the check runs on every step that touches an object. */
function where(v: Vma, i: number): string {
  return `vma#${v.id} (obj#${v.obj} in ${vmName(v.vm)}) PTE ${i}`;
}
