import { resvDriver } from './gem-resv/policy.ts';

/**
 * nouveau's pushbuf ioctl before "drm/nouveau: slowpath for pushbuf ioctl" (Vetter, 2019): it
 * copied relocations from user memory with the buffers reserved. A fault there takes mmap_lock
 * under dma_resv, while the page-fault path of a GEM mmap takes dma_resv under mmap_lock; the
 * boot-time priming (mmap_lock → dma_resv) makes lockdep report it on the first submission. The
 * audit in "dma_resv: prime lockdep annotations" names it (KERNEL.md B16).
 */
export const nouveau_fault_under_resv = resvDriver({
  name: 'nouveau-2019-pushbuf-fault-under-resv',
  summary: 'command submission copies from user memory (may fault) with reservations held',
  source:
    'Message-Id 20190820145336.15649-2-daniel.vetter@ffwll.ch ("dma_resv: prime lockdep annotations" audit); KERNEL.md B16',
  expects: ['LOCK-ORDER'],
  twin: 'nouveau-2019-pushbuf-slowpath',
  parts: { relocs: 'under-locks' },
});
