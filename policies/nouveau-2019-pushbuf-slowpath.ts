import { resvDriver } from './gem-resv/policy.ts';

/**
 * nouveau's pushbuf ioctl after 03e0d26fcf79 "drm/nouveau: slowpath for pushbuf ioctl" (Vetter, Nov
 * 2019; Link: Message-ID 20191104173801.2972-2-daniel.vetter@ffwll.ch): when relocations are needed,
 * the ioctl backs off, and relocations are copied with no reservation held (the back-off slowpath);
 * the new presumed offsets are written back after unreserving, at the very end. The model copies
 * once, before reserving.
 */
export const nouveau_slowpath = resvDriver({
  name: 'nouveau-2019-pushbuf-slowpath',
  summary: 'command submission copies from user memory before reserving the buffers',
  source:
    'commit 03e0d26fcf791e48164ff7c280c71225c361a89e "drm/nouveau: slowpath for pushbuf ioctl" (Vetter, 2019; KERNEL.md B16)',
  expects: [],
  twin: 'nouveau-2019-pushbuf-fault-under-resv',
  provenance: { kind: 'commit', id: '03e0d26fcf79', title: 'drm/nouveau: slowpath for pushbuf ioctl' },
  simplifications: [
    'The relocations are copied once before reserving; the kernel reserves, backs off when relocations are needed, copies with nothing reserved and writes the presumed offsets back after unreserving.',
  ],
  parts: { relocs: 'before-locks' },
});
