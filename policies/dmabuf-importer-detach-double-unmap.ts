import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * An importer whose detach path unmaps its attachment's table without checking whether
 * unmap_attachment already did: the second `dma_unmap_sg` frees an address it no longer owns
 * (kernel/dma/debug.c: "device driver tries to free DMA memory it has not allocated"; the shape of
 * NVIDIA NV-Kernels PR 88 "RDMA/mlx5: Fix a WARN during dereg_mr for DM type"; KERNEL.md B09).
 */
export const detach_double_unmap = dmabufDriver({
  name: 'dmabuf-importer-detach-double-unmap',
  summary: 'detach unmaps the attachment again after unmap_attachment already did',
  source: 'kernel/dma/debug.c check_unmap; NVIDIA/NV-Kernels PR 88; KERNEL.md B09',
  expects: ['MAP-BALANCED'],
  twin: 'dmabuf-2021-exporter',
  detachUnmapsAlways: true,
});
