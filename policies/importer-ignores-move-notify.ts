import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * A dynamic importer whose move_notify does nothing: it keeps its mapping and page tables and goes
 * on using them, against the dynamic importer rules of include/linux/dma-buf.h ("after move_notify
 * the importer must invalidate its mappings"); move_notify was renamed invalidate_mappings by
 * ef246da8e63c because the name hid that obligation (KERNEL.md §2.7).
 */
export const importer_ignores_move = dmabufDriver({
  name: 'importer-ignores-move-notify',
  summary: 'a dynamic importer keeps using its mapping after move_notify',
  source: 'include/linux/dma-buf.h (dynamic importer rules); commit ef246da8e63c; KERNEL.md §2.7',
  expects: ['DYN-MAP-LOCKED'],
  twin: 'dmabuf-2021-exporter',
  honourMoveNotify: false,
});
