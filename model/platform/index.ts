/**
 * Platforms: the machines the model boots, as data (model/core/platform.ts types), the preset
 * table from real machines, the check a user's platform passes on load, and the answers the DMA
 * API gives that depend on the machine (`dma_need_sync`). Between dma and dma-buf in the layering;
 * code outside this folder imports it through this file only.
 */
export * from './device.ts';
export * from './need-sync.ts';
export * from './presets.ts';
export * from './validate.ts';
