/**
 * Branded ids. Every entity lives in an array of its world and its id is its index, so ids are
 * plain numbers at run time (cheap, hashable, serialisable) but cannot be mixed up in the types.
 */
declare const brand: unique symbol;
/** `T` tagged with `B`: the same number at run time, a distinct type for the compiler. @category World */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** `struct page`: a page frame number in the model's physical memory. @category World */
export type PageId = Brand<number, 'PageId'>;
/** `drm_i915_gem_object` / `ttm_buffer_object`. @category World */
export type ObjectId = Brand<number, 'ObjectId'>;
/** `i915_vma`: one object bound (or once bound) into one address space. @category World */
export type VmaId = Brand<number, 'VmaId'>;
/** `i915_address_space`: 0 is the GGTT, 1.. are per-context PPGTTs. @category World */
export type VmId = Brand<number, 'VmId'>;
/** `struct sg_table`: the CPU-side page list plus the DMA fields of at most one mapping. @category World */
export type SgId = Brand<number, 'SgId'>;
/** One `dma_map_sg` call's result: a live or unmapped DMA mapping. @category World */
export type MappingId = Brand<number, 'MappingId'>;
/** `struct device` doing DMA (the GPU, or a dma-buf importer). @category World */
export type DeviceId = Brand<number, 'DeviceId'>;
/** `struct dma_fence`. @category World */
export type FenceId = Brand<number, 'FenceId'>;
/** `struct dma_resv`. @category World */
export type ResvId = Brand<number, 'ResvId'>;
/** An execution context (thread of control) of the model: see `CONTEXTS`. @category World */
export type ContextId = Brand<number, 'ContextId'>;
/** An IOVA page number inside one device's IOMMU domain. @category World */
export type Iova = Brand<number, 'Iova'>;

/** The "no such entity" id. Every id field that may be empty holds `NONE` rather than null. @category World */
export const NONE = -1;
