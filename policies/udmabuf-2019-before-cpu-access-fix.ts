import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * A streaming DMA user that skips the ownership transfer back to the CPU: the camera ISP writes
 * through its SWIOTLB bounce buffer and the data never reaches what the CPU reads. The rule is the
 * one "udmabuf: fix dma-buf cpu access" (Gurchetan Singh, Dec 2019, Fixes 284562e1) restored
 * (udmabuf's begin_cpu_access lacked the dma_sync_sg_for_cpu); seed 004 on why GPU drivers avoid
 * the syncs and then break under SWIOTLB (KERNEL.md B12).
 */
export const udmabuf_no_sync = dmabufDriver({
  name: 'udmabuf-2019-before-cpu-access-fix',
  summary: 'a streaming importer behind SWIOTLB never syncs its DMA writes back for the CPU',
  source: '"udmabuf: fix dma-buf cpu access" (Dec 2019, Fixes 284562e1); seed 004; KERNEL.md B12',
  expects: ['BOUNCE-COHERENT'],
  twin: 'dmabuf-2021-exporter',
  syncAfterDma: false,
});
