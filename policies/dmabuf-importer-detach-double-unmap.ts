import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * Illustrative: an importer whose detach path unmaps its attachment's table without checking whether
 * unmap_attachment already did, so the second `dma_unmap_sg` frees an address it no longer owns
 * (kernel/dma/debug.c check_unmap: "device driver tries to free DMA memory it has not allocated";
 * KERNEL.md B09). The dma-buf core itself cannot do this (detach unmaps only its cached `attach->sgt`,
 * and unmap_attachment of a cached table is a no-op): no dma-buf driver commit is known. The nearest
 * real case is an unmap of an address never mapped, abc7b3f1f056 "RDMA/mlx5: Fix a WARN during
 * dereg_mr for DM type" (Yishai Hadas, Feb 2025; backported as NVIDIA/NV-Kernels PR 88), warned by
 * dma-iommu rather than debug.c.
 */
export const detach_double_unmap = dmabufDriver({
  name: 'dmabuf-importer-detach-double-unmap',
  summary:
    'illustrative double unmap (B09 family), no dma-buf driver commit: detach unmaps again after unmap_attachment',
  source:
    'kernel/dma/debug.c check_unmap; KERNEL.md B09; commit abc7b3f1f056 (an unmap of an address never mapped, mlx5; NVIDIA/NV-Kernels PR 88)',
  expects: ['MAP-BALANCED'],
  twin: 'dmabuf-reference-exporter',
  provenance: {
    kind: 'constructed',
    rule: 'each DMA mapping is unmapped once, by the owner of the mapping',
    where: 'kernel/dma/debug.c check_unmap; Documentation/core-api/dma-api.rst',
  },
  simplifications: ['The dma-buf core cannot produce this double unmap; the importer bypasses it.'],
  detachUnmapsAlways: true,
});
