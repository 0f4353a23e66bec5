// A policy for "your own driver": Imre Deak's first version of the e2273302 fix (intel-gfx,
// 6 Jul 2015, seed 000): keep the DMA mapping tied to binding, but map only at the first bind and
// unmap at the last unbind, guarded by a has_dma_mapping-style check.
//   npx dmacheck fuzz --policy-file examples/map-at-first-bind.ts
import {
  DIR,
  definePolicy,
  dmaMapSg,
  dmaUnmapSg,
  E,
  GPU,
  i915Programs,
  NONE,
  objAt,
  sgAt,
  sgIsMapped,
  shmemGetPages,
  shmemPutPages,
} from 'dmacheck';

export default definePolicy({
  name: 'example-map-at-first-bind',
  summary: 'maps the sg table at the first bind, unmaps it at the last unbind',
  source: 'intel-gfx, 6 Jul 2015, "avoid leaking DMA mappings" v1 (seed 000)',
  expects: [],
  // get_pages/put_pages only gather and release the pages: no DMA mapping there.
  getPages: (k, obj) => shmemGetPages(k, obj, false),
  putPages: (k, obj) => shmemPutPages(k, obj, false),
  programs: i915Programs({
    // Bind, between node insertion and the PTE write: map unless a mapping exists.
    prepareBind: (k, obj) => {
      const sg = objAt(k.w, obj).sg;
      if (sg === NONE || sgIsMapped(k, sg)) return 0;
      return dmaMapSg(k, sg, GPU, DIR.BIDIRECTIONAL) > 0 ? 0 : E.NOSPC;
    },
    // Unbind, after the PTEs are cleared: unmap when no other VMA is bound.
    finishUnbind: (k, obj, last) => {
      const sg = objAt(k.w, obj).sg;
      if (last && sg !== NONE) dmaUnmapSg(k, sg, GPU, sgAt(k.w, sg).nents, DIR.BIDIRECTIONAL);
    },
  }),
});
