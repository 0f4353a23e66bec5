import { resvDriver } from './gem-resv/policy.ts';

/**
 * nouveau's pushbuf ioctl after "drm/nouveau: slowpath for pushbuf ioctl" (2019): user data is
 * copied before any reservation is taken.
 */
export const nouveau_slowpath = resvDriver({
  name: 'nouveau-2019-pushbuf-slowpath',
  summary: 'command submission copies from user memory before reserving the buffers',
  source: '"drm/nouveau: slowpath for pushbuf ioctl" (Vetter, 2019; KERNEL.md B16)',
  expects: [],
  twin: 'nouveau-2019-pushbuf-fault-under-resv',
  parts: { relocs: 'before-locks' },
});
