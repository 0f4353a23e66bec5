import {
  attachmentAt,
  BLOCK,
  cpuRead,
  DIR,
  dmabufAt,
  dmaSyncSg,
  mappingAt,
  NONE,
  objAt,
  type Program,
  program,
  resvWaitIdle,
  sgAt,
  sgIsMapped,
  USAGE,
} from '../../model/index.ts';
import type { DmaBufVariant } from './variant.ts';

/**
 * CPU access to a dma-buf between `DMA_BUF_IOCTL_SYNC` start and end: `dma_buf_begin_cpu_access`
 * waits for the writers in the reservation (implicit sync), and the exporter's begin_cpu_access must
 * hand the streaming mappings to the CPU (`dma_sync_sg_for_cpu`), end_cpu_access back to the device
 * (`dma_sync_sg_for_device`): "udmabuf: fix dma-buf cpu access" (Gurchetan Singh, 2019; KERNEL.md B12).
 * Without the syncs, data a device wrote through a bounce buffer or non-coherently is not what the
 * CPU reads.
 */
export function cpuAccessProgram(v: DmaBufVariant): Program {
  const sync = (forCpu: boolean) => (k: Parameters<Program['steps'][number]>[0], f: { obj: number }) => {
    if (v.syncOnCpuAccess === false) return;
    const o = objAt(k.w, f.obj);
    if (o.dmabuf === NONE) return;
    for (const a of dmabufAt(k.w, o.dmabuf).attachments) {
      const att = attachmentAt(k.w, a);
      if (att.sg === NONE || !sgIsMapped(k, att.sg)) continue;
      // Hand to the CPU only what a device wrote: syncing a bounced mapping copies its slots back
      // over RAM, clobbering what another device wrote meanwhile (the model's choice; the kernel
      // has no generic answer for a buffer mapped through SWIOTLB and coherently at once, seed 002).
      if (forCpu && !mappingAt(k.w, sgAt(k.w, att.sg).dma).devWrote) continue;
      // A read access: DMA_BUF_SYNC_READ is DMA_FROM_DEVICE for begin and end alike (dma_buf_ioctl).
      dmaSyncSg(k, att.sg, att.dev, sgAt(k.w, att.sg).nents, DIR.FROM_DEVICE, forCpu);
    }
  };
  return program('cpu_access', {
    wait_writers: (k, f) => {
      if (!resvWaitIdle(k, objAt(k.w, f.obj).resv, USAGE.WRITE)) return BLOCK;
    },
    begin_cpu_access: (k, f) => {
      f.seq = k.w.dataVer;
      sync(true)(k, f);
    },
    read: (k, f) => {
      const o = objAt(k.w, f.obj);
      if (o.sg === NONE) return;
      for (const p of sgAt(k.w, o.sg).pages) cpuRead(k, p, f.seq);
    },
    end_cpu_access: (k, f) => {
      sync(false)(k, f);
    },
  });
}
