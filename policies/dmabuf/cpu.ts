import { BLOCK, cpuRead, NONE, objAt, type Program, program, resvWaitIdle, sgAt, USAGE } from '../../model/index.ts';

/**
 * CPU access to a dma-buf between `DMA_BUF_IOCTL_SYNC` start and end: `dma_buf_begin_cpu_access`
 * waits for the writers in the reservation (implicit sync), then the CPU reads. The exporter's own
 * device is coherent here; streaming importers hand their writes back themselves after their DMA
 * (importer.ts), as the ownership rules of the streaming DMA API ask (dma-api.rst; the udmabuf fix,
 * "begin must be dma_sync_sg_for_cpu, end dma_sync_sg_for_device", KERNEL.md B12).
 */
export function cpuAccessProgram(): Program {
  return program('cpu_access', {
    wait_writers: (k, f) => {
      if (!resvWaitIdle(k, objAt(k.w, f.obj).resv, USAGE.WRITE)) return BLOCK;
      f.seq = k.w.dataVer;
    },
    read: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.sg === NONE) return;
      for (const p of sgAt(k.w, o.sg).pages) cpuRead(k, p, f.seq);
    },
  });
}
