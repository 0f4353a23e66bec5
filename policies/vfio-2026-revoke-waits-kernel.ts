import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * "[PATCH v3 6/7] vfio: Wait for dma-buf invalidation to complete" (Romanovsky, 20 Jan 2026,
 * Message-ID 20260120-dmabuf-revoke-v3-6-b7e0b07b8214@nvidia.com): the revoke waits only for
 * KERNEL-usage fences. König replied the next day (Message-ID
 * 015b25e6-cfe1-4110-963f-5f8dc4720d1b@amd.com): "This should be DMA_RESV_USAGE_BOOKKEEP so that we
 * wait for everything"; v4 changed it, v5 added waiting for the importers' unmap, and v7 was merged
 * (vfio-2026-revoke-waits-bookkeep). An importer job still writing the old pages outlives their
 * release (KERNEL.md B13). Transplanted: vfio revokes MMIO (a PCI BAR), the model's exporter is a
 * GEM object with shmem pages, so the failure shows as DMA to freed pages.
 */
export const vfio_revoke_kernel = dmabufDriver({
  name: 'vfio-2026-revoke-waits-kernel',
  summary:
    "rejected revision: v3 6/7 of the vfio-pci revoke fix (Jan 2026) waits for KERNEL fences only; BOOKKEEP in v4 after König's review (transplanted onto a GEM exporter)",
  source:
    'Message-ID 20260120-dmabuf-revoke-v3-6-b7e0b07b8214@nvidia.com; review 015b25e6-cfe1-4110-963f-5f8dc4720d1b@amd.com; KERNEL.md B13',
  expects: ['DMA-AFTER-FREE'],
  twin: 'vfio-2026-revoke-waits-bookkeep',
  provenance: {
    kind: 'rejected',
    messageId: '20260120-dmabuf-revoke-v3-6-b7e0b07b8214@nvidia.com',
    title: 'vfio: Wait for dma-buf invalidation to complete',
    review: '015b25e6-cfe1-4110-963f-5f8dc4720d1b@amd.com',
  },
  simplifications: [
    'transplanted onto a GEM exporter with shmem pages: vfio revokes MMIO, whose "release" is the BAR going away, not freed pages',
    "the model's importer fences are READ/WRITE, not BOOKKEEP: any non-KERNEL usage shows the bug",
  ],
  moveWaits: 'kernel',
});
