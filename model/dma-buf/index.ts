/**
 * drivers/dma-buf: dma-buf export, attachments and their mappings, dma_fence and dma_resv.
 * Code outside this folder imports it through this file only.
 */
export * from './dma-buf.ts';
export * from './fence.ts';
export * from './resv.ts';
