import type { FenceId, MappingId, ObjectId, PageId, ResvId, SgId, VmaId } from './ids.ts';
import type { Fence, Mapping, Obj, Page, Resv, SgTable, Vma, World } from './world.ts';

/**
 * Lookups by id. An id always names an entity that exists (entities are never removed), so a miss
 * is a bug in the model or in a policy, and throws.
 */
function missing(what: string, id: number): never {
  throw new Error(`no ${what} with id ${id}`);
}

/** The GEM object `id` (`drm_i915_gem_object`); throws when there is none (a model or policy bug). @category World */
export function objAt(w: World, id: ObjectId | number): Obj {
  return w.objects[id] ?? missing('object', id);
}
/** The VMA `id` (`i915_vma`); throws when there is none. @category World */
export function vmaAt(w: World, id: VmaId | number): Vma {
  return w.vmas[id] ?? missing('vma', id);
}
/** The sg table `id` (`struct sg_table` with its DMA fields); throws when there is none. @category World */
export function sgAt(w: World, id: SgId | number): SgTable {
  return w.sgs[id] ?? missing('sg table', id);
}
/** The DMA mapping `id` (one map call's record, live or unmapped); throws when there is none. @category World */
export function mappingAt(w: World, id: MappingId | number): Mapping {
  return w.mappings[id] ?? missing('mapping', id);
}
/** The fence `id` (`struct dma_fence`); throws when there is none. @category World */
export function fenceAt(w: World, id: FenceId | number): Fence {
  return w.fences[id] ?? missing('fence', id);
}
/** The reservation object `id` (`struct dma_resv`); throws when there is none. @category World */
export function resvAt(w: World, id: ResvId | number): Resv {
  return w.resvs[id] ?? missing('resv', id);
}
/** The page frame `id` (`struct page`); throws when there is none. @category World */
export function pageAt(w: World, id: PageId | number): Page {
  return w.pages[id] ?? missing('page', id);
}
