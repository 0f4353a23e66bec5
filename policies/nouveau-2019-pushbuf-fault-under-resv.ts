import { resvDriver } from './gem-resv/policy.ts';

/**
 * nouveau's pushbuf ioctl before 03e0d26fcf79 "drm/nouveau: slowpath for pushbuf ioctl" (Vetter,
 * 2019): it copied relocations from user memory with the buffers reserved (faulting twice under the
 * locks: relocations in `nouveau_gem_pushbuf_reloc_apply`, presumed offsets in `validate_list`). A fault there takes mmap_lock
 * under dma_resv, while the page-fault path of a GEM mmap takes dma_resv under mmap_lock; the
 * boot-time priming (mmap_lock → dma_resv) makes lockdep report it on the first submission. The
 * audit in "dma_resv: prime lockdep annotations" names it (KERNEL.md B16).
 */
export const nouveau_fault_under_resv = resvDriver({
  name: 'nouveau-2019-pushbuf-fault-under-resv',
  summary: 'command submission copies from user memory (may fault) with reservations held',
  source:
    'commit 03e0d26fcf79 "drm/nouveau: slowpath for pushbuf ioctl" fixed it; Message-Id 20190820145336.15649-2-daniel.vetter@ffwll.ch ("dma_resv: prime lockdep annotations" audit); KERNEL.md B16',
  expects: ['LOCK-ORDER'],
  twin: 'nouveau-2019-pushbuf-slowpath',
  provenance: { kind: 'commit', id: '03e0d26fcf79', title: 'drm/nouveau: slowpath for pushbuf ioctl', before: true },
  simplifications: [
    'One copy under the reservations stands for the two faulting copies (relocations, presumed offsets).',
  ],
  parts: { relocs: 'under-locks' },
});
