/**
 * The model's public surface. Everything outside `model/` imports from here only.
 */
export * from './access.ts';
export * from './coverage.ts';
export * from './create.ts';
export * from './dma-api.ts';
export * from './dma-coherent.ts';
export * from './dma-single.ts';
export * from './dma-sync.ts';
export * from './dmabuf.ts';
export * from './engine.ts';
export * from './events.ts';
export * from './fence.ts';
export * from './frame.ts';
export * from './gem.ts';
export * from './gpu.ts';
export * from './ids.ts';
export * from './iommu.ts';
export * from './kernel.ts';
export * from './kinds.ts';
export * from './lockdep.ts';
export * from './locks.ts';
export * from './mm.ts';
export * from './ops.ts';
export * from './pages.ts';
export * from './policy.ts';
export * from './program.ts';
export * from './reclaim.ts';
export * from './resv.ts';
export * from './vma.ts';
export type * from './world.ts';
