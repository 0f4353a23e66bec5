import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * A dynamic importer whose move_notify does nothing: it keeps its mapping and page tables and goes
 * on using them. The dma-buf.h kerneldoc of `move_notify` says the mappings "stay valid and are not
 * directly affected" by the call itself, but should be re-created as soon as possible, and importers
 * should fence what they cannot disable at once; the 2026 kerneldoc of `dma_buf_move_notify` asks
 * importers to invalidate and re-map "before allowing HW to do any further DMA". move_notify was
 * renamed invalidate_mappings by ef246da8e63c ("[PATCH v2 1/4]", Message-ID
 * 20260118-dmabuf-revoke-v2-1-a03bb27c0875@nvidia.com, suggested by König) because the old name
 * hid that obligation (KERNEL.md §2.7). No driver commit is modelled.
 */
export const importer_ignores_move = dmabufDriver({
  name: 'importer-ignores-move-notify',
  summary: 'constructed: a dynamic importer keeps using its mapping after move_notify',
  source:
    'include/linux/dma-buf.h (move_notify kerneldoc); commit ef246da8e63c (Message-ID 20260118-dmabuf-revoke-v2-1-a03bb27c0875@nvidia.com); KERNEL.md §2.7',
  expects: ['DYN-MAP-LOCKED'],
  twin: 'dmabuf-reference-exporter',
  provenance: {
    kind: 'constructed',
    rule: 'a dynamic importer re-creates its mappings after move_notify and does no further DMA through the old ones',
    where: 'include/linux/dma-buf.h, struct dma_buf_attach_ops move_notify and dma_buf_move_notify kerneldoc',
  },
  simplifications: [],
  honourMoveNotify: false,
});
