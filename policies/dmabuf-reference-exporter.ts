import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * The dma-buf contract as the kernel documents it today, not one driver's code of one year: a
 * composite of include/linux/dma-buf.h and Documentation/driver-api/dma-buf.rst as they stood in
 * 2022-2026. A table per attachment mapped for that device ("each attachment has its own sg-list",
 * seed 002), constraints checked at attach and map (the exporter "should" fail an attach it cannot
 * meet, dma-buf.h kerneldoc of `attach`), importers walking DMA segments (`for_each_sgtable_dma_sg`,
 * the rule 42e67b479eab and c0f83d164fb8 restored), dynamic importers mapping under the reservation
 * and dropping their mappings in move_notify, and the exporter waiting for every fence (BOOKKEEP
 * usage, 7bc80a5462c3, 2022) before releasing moved-away backing, as the 2026 revoke flow does
 * (be6d4c9e9d71 "dma-buf: Add dma_buf_attach_revocable()").
 *
 * CPU access: streaming importers sync around their own DMA (`dma_sync_sgtable_for_device` before,
 * `_for_cpu` after, policies/dmabuf/importer.ts); `begin_cpu_access` only waits for the implicit
 * (write) fences (policies/dmabuf/cpu.ts) and syncs nothing itself.
 */
export const dmabuf_reference_exporter = dmabufDriver({
  name: 'dmabuf-reference-exporter',
  summary:
    'composite of the documented dma-buf contract (2022-2026): per-attachment tables, checked constraints, move_notify honoured, importers sync their own DMA',
  source: 'Documentation/driver-api/dma-buf.rst; include/linux/dma-buf.h (2022-2026); seed 002 (Vetter, Feb 2015)',
  expects: [],
  provenance: {
    kind: 'documented',
    doc: 'include/linux/dma-buf.h; Documentation/driver-api/dma-buf.rst',
    section:
      'struct dma_buf_ops (attach, map_dma_buf), struct dma_buf_attach_ops (move_notify), dma_buf_begin_cpu_access',
  },
  simplifications: [
    'A composite of the contract as documented 2022-2026: no single kernel or driver had all of it (KERNEL/BOOKKEEP usages date from 7bc80a5462c3, 2022; the wait for every fence before a move follows the 2026 revoke flow).',
    "Segments are sized by the importer's max segment size; GEM exporters size them by the exporter's dma_max_mapping_size.",
    'begin_cpu_access waits for writers only; the streaming syncs are in the importer around its own DMA, not per attachment in begin/end_cpu_access (the later udmabuf design).',
  ],
});
