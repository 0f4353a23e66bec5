import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * A dma-buf exporter and its importers doing what the dma-buf documentation asks: a table per
 * attachment mapped for that device ("each attachment has its own sg-list", seed 002), constraints
 * checked at attach and map, importers walking DMA segments (c0f83d164fb8), dynamic importers
 * mapping under the reservation and dropping their mappings in move_notify, the exporter waiting for
 * every fence before releasing moved-away backing, and begin/end_cpu_access syncing the streaming
 * mappings (include/linux/dma-buf.h; Documentation/driver-api/dma-buf.rst).
 */
export const dmabuf_exporter = dmabufDriver({
  name: 'dmabuf-2021-exporter',
  summary: 'dma-buf export with per-attachment tables, checked constraints, move_notify honoured, CPU access synced',
  source: 'Documentation/driver-api/dma-buf.rst; include/linux/dma-buf.h; seed 002 (Vetter, Feb 2015)',
  expects: [],
});
