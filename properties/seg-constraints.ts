import { attachmentAt, mappingAt, NONE, sgAt } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * SEG-CONSTRAINTS: every sg mapping passes kernel/dma/debug.c `check_sg_segment`
 * (CONFIG_DMA_API_DEBUG_SG: each of the first `mapped_ents` CPU entries no longer than the device's
 * max segment size, no DMA segment across its segment boundary); an attachment's DMA segments respect its device (`max_segment_size`; segment
 * count and contiguity for devices without an IOMMU), and an attach whose constraints the buffer
 * cannot meet fails instead of mapping. kernel/dma/debug.c `check_sg_segment` ("mapping sg segment
 * longer than device claims to support [len=%u] [max=%u]", 78c47830a5cb); seed 002 (the
 * attacher-constraints RFC: "check that max_segment_count * max_segment_size is not smaller than
 * the buffer"; never merged; include/linux/dma-buf.h later says an exporter *should* fail an attach
 * it cannot meet). The attach half follows the RFC: real importers (`drm_gem_cma_prime_import_sg_table`,
 * exynos, mediatek) instead map, check contiguity and fail. dma-debug's segment check fired on i915
 * only because i915 had not declared its unlimited max segment size; 32f0a982650b declared UINT_MAX
 * (a false positive on i915's own mappings, no importer involved).
 */
export const segConstraints: Invariant = {
  code: 'SEG-CONSTRAINTS',
  summary:
    "a dma-buf attachment's mapping meets its device's segment size, count and contiguity; an impossible attach fails",
  source:
    'kernel/dma/debug.c check_sg_segment (78c47830a5cb); seed 002 (attacher constraints RFC, never merged); include/linux/dma-buf.h attach',
  events: {
    // debug.c check_sg_segment, for every dma_map_sg (CONFIG_DMA_API_DEBUG_SG): the CPU entry's
    // length against dma_get_max_seg_size, the DMA segment against dma_get_seg_boundary.
    dma_debug_sg_segment: (w, e) => {
      const m = mappingAt(w, e.a);
      const d = w.devices[e.d];
      if (d === undefined) return null;
      const t = sgAt(w, m.sg);
      if (e.c === 0)
        return `dma_map_sg of m#${m.id} for ${d.driver} ${d.name}: mapping sg segment longer than device claims to support [len=${(t.segs[e.b] ?? 0) * 4096}] [max=${d.maxSegPages * 4096}] (entry ${e.b})`;
      let at = 0;
      for (let i = 0; i < e.b; i++) at += m.segs[i] ?? 0;
      const start = m.addrs[at] ?? 0;
      const hex = (byte: number) => `0x${byte.toString(16).padStart(16, '0')}`;
      const end = (start + (m.segs[e.b] ?? 0)) * 4096 - 1;
      return `dma_map_sg of m#${m.id} for ${d.driver} ${d.name}: mapping sg segment across boundary [start=${hex(start * 4096)}] [end=${hex(end)}] [boundary=${hex(d.segBoundaryPages * 4096 - 1)}] (entry ${e.b})`;
    },
    dmabuf_attach: (w, e) => {
      if (e.c === 1) return null;
      const d = w.devices[e.b];
      return (
        `attach of ${d?.driver} ${d?.name} to obj#${e.obj}'s dma-buf succeeded although the buffer cannot meet ` +
        `its constraints (${d?.maxSegCount} segment(s) of at most ${d?.maxSegPages} page(s)${d?.contiguous ? ', contiguous' : ''})`
      );
    },
    dma_map_sg: (w, e) => {
      const m = mappingAt(w, e.a);
      if (m.att === NONE) return null;
      const d = w.devices[m.dev];
      if (d === undefined) return null;
      const long = m.segs.find((s) => s > d.maxSegPages);
      if (long !== undefined) {
        return `mapping sg segment longer than device claims to support [len=${long * 4096}] [max=${d.maxSegPages * 4096}] (${d.driver} ${d.name}, attachment ${attachmentAt(w, m.att).id})`;
      }
      if (m.segs.length > d.maxSegCount) {
        return `${d.driver} ${d.name} takes at most ${d.maxSegCount} segment(s); attachment ${m.att}'s mapping has ${m.segs.length}`;
      }
      return null;
    },
  },
  guard: {
    describe: 'a dma-buf attached by a device without an IOMMU',
    events: { dmabuf_attach: (w, e) => w.devices[e.b]?.iommu === false },
  },
};
