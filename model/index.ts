/**
 * The model's public surface. Everything outside `model/` imports from here only.
 *
 * Layers (each imports only those listed before it, through their index.ts):
 * core ← locking ← mm ← dma ← platform ← dma-buf ← gem ← engine.
 */
export * from './core/index.ts';
export * from './dma/index.ts';
export * from './dma-buf/index.ts';
export * from './engine/index.ts';
export * from './gem/index.ts';
export * from './locking/index.ts';
export * from './mm/index.ts';
export * from './platform/index.ts';
