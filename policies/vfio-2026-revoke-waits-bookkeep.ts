import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * vfio-pci's revoke after "vfio: Wait for dma-buf invalidation to complete" (v7 of Romanovsky's
 * dma-buf revoke series, merged Feb 2026; the id 1a8a5227f229 is the one a later Fixes: tag names,
 * the commit itself was not read): after dma_buf_move_notify (renamed
 * dma_buf_invalidate_mappings in the same series) the revoke waits for every fence of the
 * reservation (DMA_RESV_USAGE_BOOKKEEP, König's review of v3) and, since v5, for the importers to
 * unmap. In the model the dynamic importers drop their mappings inside move_notify, so waiting for
 * the unmap is already done when the fence wait starts. Transplanted onto a GEM exporter.
 */
export const vfio_revoke_bookkeep = dmabufDriver({
  name: 'vfio-2026-revoke-waits-bookkeep',
  summary:
    "the revoke waits for every fence (BOOKKEEP) and the importers' unmap before releasing (transplanted onto a GEM exporter)",
  source:
    '"vfio: Wait for dma-buf invalidation to complete" (v7, Feb 2026; 1a8a5227f229 per a later Fixes: tag); review 015b25e6-cfe1-4110-963f-5f8dc4720d1b@amd.com; KERNEL.md B13',
  expects: [],
  twin: 'vfio-2025-revoke-no-wait',
  provenance: {
    kind: 'commit',
    id: '1a8a5227f229',
    title: 'vfio: Wait for dma-buf invalidation to complete',
    fixes: ['5d74781ebc86'],
  },
  simplifications: [
    'transplanted onto a GEM exporter with shmem pages: vfio revokes MMIO',
    "the wait for the importers' unmap is the model's synchronous move_notify (dynamic importers drop their mapping in it); a static (pinned) importer is not waited for",
    'the commit id comes from a Fixes: tag in a later patch; the commit itself was not read',
  ],
  moveWaits: 'bookkeep',
});
