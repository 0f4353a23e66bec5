import {
  EV,
  type Kernel,
  kernelWarn,
  mappingAt,
  NONE,
  type ObjectId,
  objAt,
  pageAt,
  sgAt,
  type VmaId,
  type VmId,
  vmaAt,
} from '../core/index.ts';

/** A PTE written from a table whose DMA fields hold no mapping at all: it points at garbage. @category GEM */
export const PTE_GARBAGE = -2;

/**
 * `i915_gem_obj_lookup_or_create_vma`: the object's VMA in `vm`.
 * Kernel: drivers/gpu/drm/i915/i915_gem.c (2015). Records no event; state: a new unbound `Vma`.
 * @category GEM
 */
export function vmaLookupOrCreate(k: Kernel, obj: ObjectId, vm: VmId): VmaId {
  const w = k.w;
  const o = objAt(w, obj);
  const existing = o.vmas[vm];
  if (existing !== undefined && existing !== NONE) return existing;
  const id = w.vmas.length as VmaId;
  w.vmas.push({
    id,
    obj,
    vm,
    bound: false,
    pin: 0,
    ptes: new Array<number>(o.npages).fill(NONE),
    ptePages: new Array<number>(o.npages).fill(NONE),
    active: 0,
  });
  o.vmas[vm] = id;
  k.touch(o);
  return id;
}

/**
 * Writes the VMA's PTEs from the object's current sg table: each PTE gets a copy of the DMA
 * address the table's DMA fields hold now (`i915_vma_bind` → `vm->insert_entries`): an IOVA page
 * behind an IOMMU, the physical page on dma-direct. Later changes to the table do not reach the
 * PTEs.
 * Kernel: drivers/gpu/drm/i915/i915_gem_gtt.c (2015). Records `pte_write` (SEQ-PUBLISH); state: the
 * VMA's `ptes` and `ptePages`, each page's `ptes`, the object's `bindCount` (MAP-COVERS-BINDINGS
 * checks the PTEs against live mappings).
 * @category GEM
 */
export function writePtes(k: Kernel, vma: VmaId): void {
  const w = k.w;
  const v = vmaAt(w, vma);
  const o = objAt(w, v.obj);
  const t = o.sg === NONE ? undefined : sgAt(w, o.sg);
  const m = t === undefined || t.dma === NONE ? undefined : mappingAt(w, t.dma);
  for (let i = 0; i < v.ptes.length; i++) {
    const old = v.ptePages[i] as number;
    if (old !== NONE) pageAt(w, old).ptes--;
    v.ptes[i] = m === undefined ? PTE_GARBAGE : (m.addrs[i] ?? PTE_GARBAGE);
    const page = t === undefined ? NONE : (t.pages[i] ?? NONE);
    v.ptePages[i] = m === undefined ? NONE : page;
    if (m !== undefined && page !== NONE) pageAt(w, page).ptes++;
  }
  if (!v.bound) o.bindCount++;
  if (o.bindCount > o.bindPeak) o.bindPeak = o.bindCount;
  v.bound = true;
  k.emit(EV.pte_write, o.id, vma, v.vm, 0);
  k.touch(o);
}

/**
 * Clears the VMA's PTEs (`vm->clear_range`, with the TLB invalidate).
 * Kernel: drivers/gpu/drm/i915/i915_gem_gtt.c (2015). Records `pte_clear` (PINNED-STAYS reports
 * reclaim clearing a pinned VMA).
 * @category GEM
 */
export function clearPtes(k: Kernel, vma: VmaId): void {
  const w = k.w;
  const v = vmaAt(w, vma);
  const o = objAt(w, v.obj);
  v.ptes.fill(NONE);
  for (const p of v.ptePages) if (p !== NONE) pageAt(w, p).ptes--;
  v.ptePages.fill(NONE);
  if (v.bound) o.bindCount--;
  v.bound = false;
  k.emit(EV.pte_clear, o.id, vma, v.vm, 0);
  k.touch(o);
}

/**
 * `i915_vma_pin` / `i915_vma_unpin`.
 * Records no event; state: the VMA's `pin`.
 * @category GEM
 */
export function vmaPin(k: Kernel, vma: VmaId): void {
  const v = vmaAt(k.w, vma);
  v.pin++;
  k.touch(objAt(k.w, v.obj));
}
/**
 * `i915_vma_unpin` (drivers/gpu/drm/i915/i915_vma.h): drops a pin `vmaPin` took; an unpinned VMA may
 * be unbound again (by the shrinker or eviction). An unbalanced unpin raises a kernel warning (WARN-ON).
 * @category GEM
 */
export function vmaUnpin(k: Kernel, vma: VmaId): void {
  const v = vmaAt(k.w, vma);
  // i915_vma.h __i915_vma_unpin: GEM_BUG_ON(!i915_vma_is_pinned(vma)).
  if (v.pin === 0) kernelWarn(`unbalanced unpin of vma#${vma}`);
  v.pin--;
  k.touch(objAt(k.w, v.obj));
}
