import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * An exporter that moves (or revokes) the buffer waiting only for KERNEL-usage fences, as the
 * vfio-pci dma-buf revoke patch did in its 2026 review; König: it must be BOOKKEEP "so that we wait
 * for everything". An importer job still writing the old pages outlives their release (KERNEL.md B13;
 * the review has no stable URL).
 */
export const vfio_revoke_kernel = dmabufDriver({
  name: 'vfio-2026-revoke-waits-kernel',
  summary: 'the exporter releases moved-away backing after waiting for KERNEL fences only',
  source: 'dri-devel/linaro-mm-sig review of the vfio-pci dma-buf revoke (König, 2026); KERNEL.md B13',
  expects: ['DMA-AFTER-FREE'],
  twin: 'dmabuf-2021-exporter',
  moveWaits: 'kernel',
});
