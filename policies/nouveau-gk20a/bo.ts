import {
  DIR,
  dmaAllocCoherent,
  dmaFreeCoherent,
  dmaMapSg,
  dmaSyncRange,
  dmaUnmapSg,
  E,
  GPU,
  type Kernel,
  MADV,
  mappingAt,
  NONE,
  type ObjectId,
  objAt,
  setPages,
  sgAt,
  sgFree,
  sgIsMapped,
  unsetPages,
} from '../../model/index.ts';
import { shmemGetPages, shmemPutPages } from '../i915-2015/shmem.ts';

/**
 * nouveau buffer objects on the non-coherent Tegra K1 GPU (`gpu: 'gk20a'`): how TTM populates their
 * pages, and `nouveau_bo_sync_for_device` / `_for_cpu` (drivers/gpu/drm/nouveau/nouveau_bo.c).
 *
 * - `streaming`: ordinary system pages mapped for the GPU with the streaming API
 *   (`nouveau_ttm_tt_populate`: `ttm_pool_populate`, then `dma_map_page(..., BIDIRECTIONAL)` of
 *   each page; modelled as one `dma_map_sg` of the object's table, same direction and ownership
 *   rules), unmapped at unpopulate. The CPU sees them through its caches.
 * - `coherent`: a BO created with TTM_PL_FLAG_UNCACHED, which "on a non-coherent architecture will be
 *   populated using the DMA API, and accesses to it performed using the coherent mapping performed
 *   by dma_alloc_coherent()" (c3a0c771e582 "drm/nouveau: implement explicitly coherent BOs");
 *   freed with `dma_free_coherent` at unpopulate (ttm_page_alloc_dma.c `__ttm_dma_free_page`).
 * - `at-bind`: not nouveau's: the pages are gathered at populate and mapped with the streaming API
 *   only while the GPU has them bound (`mapAtBind`, `unmapAtLastUnbind`), as i915 did between
 *   9490edb and e2273302 with its `has_dma_mapping` guard; the CPU touches them only while unmapped.
 *
 * `dir` is the `enum dma_data_direction` the streaming mapping is made with (TTM maps BIDIRECTIONAL).
 */
export type Populate = 'streaming' | 'coherent' | 'at-bind';

export function populate(k: Kernel, obj: ObjectId, how: Populate, dir: number = DIR.BIDIRECTIONAL): number {
  if (how === 'streaming') return shmemGetPages(k, obj, true, dir);
  if (how === 'at-bind') return shmemGetPages(k, obj, false);
  const o = objAt(k.w, obj);
  if (o.sg !== NONE) return 0;
  if (o.madv !== MADV.WILLNEED) return E.FAULT;
  const sg = dmaAllocCoherent(k, obj, GPU, o.npages);
  if (sg === NONE) return E.NOMEM;
  setPages(k, obj, sg);
  return 0;
}

export function unpopulate(k: Kernel, obj: ObjectId, how: Populate, dir: number = DIR.BIDIRECTIONAL): number {
  if (how === 'streaming') return shmemPutPages(k, obj, true, dir);
  if (how === 'at-bind') return shmemPutPages(k, obj, false);
  const o = objAt(k.w, obj);
  if (o.sg === NONE) return 0;
  if (o.pagesPin > 0) return E.BUSY;
  const sg = unsetPages(k, obj);
  if (sg === NONE) return 0;
  dmaFreeCoherent(k, sg, GPU, sgAt(k.w, sg).pages.length);
  o.dirty = false;
  sgFree(k, sg);
  return 0;
}

/**
 * `nouveau_bo_sync_for_cpu` (`forCpu`) or `nouveau_bo_sync_for_device`: a
 * `dma_sync_single_for_cpu(..., PAGE_SIZE, DMA_FROM_DEVICE)` or `_for_device(..., DMA_TO_DEVICE)`
 * of each page's DMA address, skipped for a BO with no pages or a coherent one ("Don't waste time
 * looping if the object is coherent", `nvbo->force_coherent`). A BO mapped for one direction only
 * (not nouveau's: the corpus's TX and RX buffers) is synced both ways in that direction, the one it
 * was mapped with, as dma-api-howto.rst's sync calls pass theirs.
 */
export function boSync(k: Kernel, obj: ObjectId, forCpu: boolean): void {
  const o = objAt(k.w, obj);
  if (o.sg === NONE) return;
  const t = sgAt(k.w, o.sg);
  if (t.dma === NONE) return;
  const m = mappingAt(k.w, t.dma);
  if (m.kind === 'coherent') return;
  const dir = m.dir !== DIR.BIDIRECTIONAL ? m.dir : forCpu ? DIR.FROM_DEVICE : DIR.TO_DEVICE;
  for (let i = 0; i < t.pages.length; i++) dmaSyncRange(k, o.sg, GPU, i, 1, dir, forCpu);
}

/** `at-bind`: the first bind maps the object's pages for the GPU (`dma_map_sg`); 0 or -ENOSPC. */
export function mapAtBind(k: Kernel, obj: ObjectId, dir: number): number {
  const o = objAt(k.w, obj);
  if (o.sg === NONE || sgIsMapped(k, o.sg)) return 0;
  return dmaMapSg(k, o.sg, GPU, dir) === 0 ? E.NOSPC : 0;
}

/**
 * `at-bind`: the last unbind (after the GPU finished with the VMA) unmaps the pages, which hands
 * what the GPU wrote to the CPU (`dma_unmap_sg`).
 */
export function unmapAtLastUnbind(k: Kernel, obj: ObjectId, last: boolean, dir: number): void {
  const o = objAt(k.w, obj);
  if (!last || o.sg === NONE || !sgIsMapped(k, o.sg)) return;
  dmaUnmapSg(k, o.sg, GPU, sgAt(k.w, o.sg).nents, dir);
}
