import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * A TTM-style importer that builds its page address array with one DMA entry per page:
 * drm_prime_sg_to_page_addr_arrays before commit 42e67b479eab "drm/prime: use dma length macro when
 * mapping sg" (Shane Francis, Mar 2020; Message-ID 20200325090741.21957-2-bigbeeshane@gmail.com).
 * Page i took DMA entry i's address; once be62dbf554c5 moved the AMD IOMMU to dma-iommu, the list
 * was merged into fewer DMA entries than pages and pages got the wrong addresses (bugzilla.kernel.org
 * 206461, 206895; drm/amd issue 1056; KERNEL.md B07). 42e67b479eab fixed this address walk and broke
 * the page walk (right addresses, wrong pages: an Exynos panic), which c0f83d164fb8 "drm/prime: fix
 * extracting of the DMA addresses from a scatterlist" (Szyprowski, Fixes 42e67b479eab) fixed: the
 * final fix of both walks. The model has no page array, so only the first bug shows.
 */
export const ttm_before_42e67b479eab = dmabufDriver({
  name: 'ttm-2020-before-42e67b479eab',
  summary: 'the importer takes DMA entry i as the address of page i (drm_prime before 42e67b479eab)',
  source:
    'commit 42e67b479eab "drm/prime: use dma length macro when mapping sg" fixed it (Fixes be62dbf554c5; bugzilla 206461, 206895); c0f83d164fb8 fixed both walks; KERNEL.md B07',
  expects: ['SG-WALK'],
  twin: 'dmabuf-reference-exporter',
  provenance: {
    kind: 'commit',
    id: '42e67b479eab',
    title: 'drm/prime: use dma length macro when mapping sg',
    fixes: ['be62dbf554c5'],
    before: true,
  },
  simplifications: [
    'The model has no page array: the page-walk bug 42e67b479eab introduced (fixed by c0f83d164fb8) cannot show.',
    'The fixed twin is the reference exporter, whose importers walk DMA segments as both walks do after c0f83d164fb8.',
  ],
  walk: 'one-entry-per-page',
});
