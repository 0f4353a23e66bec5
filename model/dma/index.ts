/**
 * kernel/dma and drivers/iommu: the DMA API (sg, single and coherent mappings, syncs), the
 * DMA-API debug table, scatterlists and the IOMMU's IOVA allocator.
 * Code outside this folder imports it through this file only.
 */
export * from './api.ts';
export * from './cache.ts';
export * from './coherent.ts';
export * from './debug.ts';
export * from './device.ts';
export * from './iommu.ts';
export * from './scatterlist.ts';
export * from './single.ts';
export * from './sync.ts';
export * from './translate.ts';
