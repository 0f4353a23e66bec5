import { attachmentAt, mappingAt, NONE, type World } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

function devName(w: World, id: number): string {
  const d = w.devices[id];
  return d === undefined ? `device ${id}` : `${d.driver} ${d.name}`;
}

/**
 * ATTACH-OWN-SG: each attachment gets a table mapped for its own device: a device only uses DMA
 * addresses produced for it. Vetter, seed 002: "each attachment has it's own sg-list. After all
 * there's no array of dma_addr_t in the sg tables, so you can't use one sg for more than one
 * mapping. And due to different iommu different devices can easily end up with different
 * addresses."
 */
export const attachOwnSg: Invariant = {
  code: 'ATTACH-OWN-SG',
  summary: 'each dma-buf attachment gets its own table, mapped for its own device',
  source: 'seed 002 (Vetter, Message-ID 20150202165405.GX14009@phenom.ffwll.local); drivers/dma-buf/dma-buf.c',
  events: {
    map_attachment: (w, e) => {
      const a = attachmentAt(w, e.a);
      if (e.b === NONE) return `attachment ${a.id} (${devName(w, a.dev)}) got a table with no DMA mapping`;
      const m = mappingAt(w, e.b);
      if (m.dev === a.dev && m.att === a.id) return null;
      return (
        `attachment ${a.id} of ${devName(w, a.dev)} got the table mapped for ` +
        `${m.att === NONE ? "the exporter's own device" : `attachment ${m.att}`} (${devName(w, m.dev)}, m#${m.id}): ` +
        'its device would use DMA addresses produced for another device'
      );
    },
  },
  guard: {
    describe: 'a dma-buf mapped by two attachments at once',
    events: {
      map_attachment: (w, e) => {
        const a = attachmentAt(w, e.a);
        return w.attachments.some((x) => x.buf === a.buf && x.id !== a.id && x.sg !== NONE && !x.detached);
      },
    },
  },
};
