import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * A TTM-style importer that builds its page address array with one DMA entry per page
 * (drm_prime_sg_to_page_addr_arrays before commit c0f83d164fb8 "drm/prime: fix extracting of the
 * DMA addresses from a scatterlist", Szyprowski, Mar 2020, Fixes 42e67b479eab). Behind an IOMMU the
 * list is merged into fewer DMA entries than pages, and pages get the wrong addresses (KERNEL.md B07).
 */
export const ttm_one_entry_per_page = dmabufDriver({
  name: 'ttm-2020-before-c0f83d164fb8',
  summary: 'the importer takes DMA entry i as the address of page i',
  source: 'commit c0f83d164fb8f3a2b7bc379a6c1e27d1123a9eab fixed it (Fixes 42e67b479eab); seed 002; KERNEL.md B07',
  expects: ['SG-WALK'],
  twin: 'dmabuf-2021-exporter',
  walk: 'one-entry-per-page',
});
