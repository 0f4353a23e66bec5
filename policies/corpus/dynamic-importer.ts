import { dmabufDriver } from '../dmabuf/policy.ts';

/**
 * A dynamic dma-buf importer: it maps its attachment with the buffer's reservation held, and when
 * the exporter moves the buffer its move_notify drops the mapping and its page tables; its next job
 * maps again first (-EAGAIN until it has). include/linux/dma-buf.h, `struct dma_buf_attach_ops`,
 * @move_notify (v5.7 to v6.18; renamed invalidate_mappings by ef246da8e63c):
 *
 *   "This callback is called with the lock of the reservation object associated with the dma_buf
 *   held and the mapping function must be called with this lock held as well. This makes sure that
 *   no mapping is created concurrently with an ongoing move operation. Mappings stay valid and are
 *   not directly affected by this callback. But the DMA-buf can now be in a different physical
 *   location, so all mappings should be destroyed and re-created as soon as possible. New mappings
 *   can be created after this callback returns, and will point to the new location of the DMA-buf."
 *
 * and `struct dma_buf_attachment`: "@importer_ops: importer operations for this attachment, if
 * provided dma_buf_map/unmap_attachment() must be called with the dma_resv lock held." The exporter
 * side is the family's default (dmabuf-reference-exporter): it waits for every fence in the reservation
 * before it releases the old backing.
 */
export const corpus_dynamic_importer = dmabufDriver({
  name: 'corpus-dynamic-importer',
  summary: 'documented: a dynamic importer maps under the reservation lock and drops its mapping in move_notify',
  source: 'include/linux/dma-buf.h struct dma_buf_attach_ops @move_notify; Documentation/driver-api/dma-buf.rst',
  expects: [],
  twin: 'importer-ignores-move-notify',
  provenance: {
    kind: 'documented',
    doc: 'include/linux/dma-buf.h',
    section: 'struct dma_buf_attach_ops, @move_notify',
  },
  simplifications: [
    'move_notify drops the mapping at once (unmap under the reservation) rather than deferring the re-creation',
    "the model's importers are one GPU that may attach dynamically and one ISP that always pins",
  ],
  weights: { move: 8, map_attachment: 10, import_job: 8, attach: 6 },
});
