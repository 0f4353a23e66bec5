import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * begin/end_cpu_access without the ownership transfer, as udmabuf had until "udmabuf: fix dma-buf
 * cpu access" (Gurchetan Singh, Dec 2019, Fixes 284562e1): data the camera ISP wrote through its
 * SWIOTLB bounce buffer never reaches what the CPU reads (KERNEL.md B12; seed 004 on why GPU
 * drivers avoid the syncs and then break under SWIOTLB).
 */
export const udmabuf_no_sync = dmabufDriver({
  name: 'udmabuf-2019-before-cpu-access-fix',
  summary: 'begin_cpu_access does not sync the mappings for the CPU (bounce buffer data is lost to it)',
  source: '"udmabuf: fix dma-buf cpu access" (Dec 2019, Fixes 284562e1); seed 004; KERNEL.md B12',
  expects: ['BOUNCE-COHERENT'],
  twin: 'dmabuf-2021-exporter',
  syncOnCpuAccess: false,
});
