import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * vfio-pci's dma-buf export of MMIO regions as first merged, 5d74781ebc86 "vfio/pci: Add dma-buf
 * export support for MMIO regions" (2025; torvalds/linux drivers/vfio/pci/vfio_pci_dmabuf.c
 * @06fddc7a1961): revoking the buffer (the BAR's memory disabled, the device reset) reserved it,
 * told the importers (dma_buf_move_notify) and returned, waiting for nothing, so an importer's
 * DMA still in flight reached what was revoked. Fixed by "vfio: Wait for dma-buf invalidation to
 * complete" (v7 of Romanovsky's revoke series, Feb 2026; vfio-2026-revoke-waits-bookkeep).
 * Transplanted onto a GEM exporter: the revoked "backing" is shmem pages, freed at the revoke.
 */
export const vfio_revoke_no_wait = dmabufDriver({
  name: 'vfio-2025-revoke-no-wait',
  summary:
    'the exporter revokes (releases) the backing after move_notify without waiting for any fence (transplanted onto a GEM exporter)',
  source:
    'commit 5d74781ebc86 "vfio/pci: Add dma-buf export support for MMIO regions"; vfio_pci_dmabuf.c @06fddc7a1961; fixed by 1a8a5227f229 (v7 of the revoke series); KERNEL.md B13',
  expects: ['DMA-AFTER-FREE'],
  twin: 'vfio-2026-revoke-waits-bookkeep',
  provenance: {
    kind: 'commit',
    id: '5d74781ebc86',
    title: 'vfio/pci: Add dma-buf export support for MMIO regions',
    fixedBy: '1a8a5227f229',
  },
  simplifications: [
    'transplanted onto a GEM exporter with shmem pages: vfio revokes MMIO, whose "release" is the BAR going away, not freed pages',
  ],
  moveWaits: 'none',
});
