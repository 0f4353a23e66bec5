import { describeMapping, liveMappingsOf } from './describe.ts';
import type { Invariant } from './invariant.ts';

/**
 * NO-LEAK: when an object's pages are released or the object is freed, none of its DMA mappings
 * (and so none of its IOVA or DMA-API debug entries) remain. Commit e2273302 ("can lead to leaked
 * mapping data and IOMMU memory space starvation"); Documentation/core-api/dma-api-howto.rst
 * (every map needs its unmap, "because the DMA address space is a shared resource");
 * kernel/dma/debug.c "pending DMA allocations while released from device".
 */
export const noLeak: Invariant = {
  code: 'NO-LEAK',
  summary:
    'no DMA mapping (IOVA, debug entry) of an object survives the release of its pages or the object, or its driver',
  source: 'commit e2273302 (seed 003); Documentation/core-api/dma-api-howto.rst; kernel/dma/debug.c',
  events: {
    page_free: (w, e) =>
      e.b === 0
        ? null
        : `page ${e.a} of obj#${e.obj} went back to the allocator under ${e.b} live DMA mapping(s): ` +
          liveMappingsOf(w, e.obj).map(describeMapping).join(', '),
    dmabuf_detach: (_w, e) =>
      e.b === 0 ? null : `attachment ${e.a} detached from obj#${e.obj}'s dma-buf with ${e.b} mapping(s) still live`,
    // debug.c dma_debug_device_change, BUS_NOTIFY_UNBOUND_DRIVER: any entry of the device left.
    driver_unbound: (w, e) => {
      if (e.b === 0) return null;
      const d = w.devices[e.a];
      const m = w.mappings[e.c];
      return (
        `${d?.driver} ${d?.name} unbound: device driver has pending DMA allocations while released from device [count=${e.b}]` +
        (m === undefined ? '' : `; one of them: ${describeMapping(m)} of obj#${m.obj}`)
      );
    },
    obj_free: (w, e) =>
      e.a === 0
        ? null
        : `obj#${e.obj} was freed with ${e.a} DMA mapping(s) still live: ` +
          liveMappingsOf(w, e.obj).map(describeMapping).join(', '),
  },
  guard: {
    describe: 'pages released after the object was bound in two address spaces',
    events: { put_pages: (w, e) => (w.objects[e.obj]?.bindPeak ?? 0) >= 2 },
  },
};
