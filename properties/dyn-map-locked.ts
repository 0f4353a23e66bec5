import { attachmentAt } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * DYN-MAP-LOCKED: dynamic importers map with the reservation held, the exporter calls move_notify
 * with it held, and after move_notify an importer uses no old mapping until it maps again.
 * include/linux/dma-buf.h ("DYNAMIC IMPORTER RULES", move_notify kerneldoc; renamed invalidate_mappings
 * by ef246da8e63c because the name hid this obligation); drivers/dma-buf/dma-buf.c.
 */
export const dynMapLocked: Invariant = {
  code: 'DYN-MAP-LOCKED',
  summary: 'dynamic importers map under the reservation; after move_notify no importer uses the old mapping',
  source: 'include/linux/dma-buf.h (dynamic importer rules, move_notify); commits bb42df4662a4, ef246da8e63c',
  events: {
    map_attachment: (_w, e) =>
      e.d === 1 && e.c === 0 ? `dynamic importer mapped attachment ${e.a} without holding the reservation` : null,
    move_notify: (_w, e) => (e.b === 0 ? `move_notify on dma-buf ${e.a} without the reservation held` : null),
    import_access: (w, e) => {
      if (e.b === 1) return null;
      const a = attachmentAt(w, e.a);
      const d = w.devices[a.dev];
      return `${d?.driver} ${d?.name} did DMA to page ${e.c} through attachment ${a.id} after move_notify invalidated it, without mapping again`;
    },
  },
  guard: {
    describe: 'move_notify while a dynamic importer had the buffer mapped',
    events: {
      // Counted at the event (c): by the end of the step a correct importer has already dropped it.
      move_notify: (_w, e) => e.c > 0,
    },
  },
};
