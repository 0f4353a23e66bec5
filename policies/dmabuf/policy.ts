import type { Policy, VerifyBound } from '../../model/index.ts';
import { identity, type PolicyDef, type PolicyIdentity } from '../define.ts';
import { resvDriver } from '../gem-resv/policy.ts';
import { cpuAccessProgram } from './cpu.ts';
import { attachProgram, exportProgram, moveProgram } from './exporter.ts';
import { detachProgram, importJobProgram, mapAttachmentProgram, unmapAttachmentProgram } from './importer.ts';
import type { DmaBufVariant } from './variant.ts';

/** A catalogued dma-buf policy: its identity and the one knob of DmaBufVariant it turns. @category Policies */
export interface DmaBufPolicy extends DmaBufVariant, PolicyIdentity {
  /** Generator weights over DMABUF_WEIGHTS (a corpus policy leans on the ops of its pattern). */
  readonly weights?: Policy['weights'];
}

/**
 * The sharing paths first; the GEM paths still run, less often. The setup already exports and
 * imports (generators/setup.ts), so the body draws fewer exports and attaches and more of what
 * tears a share down (detach, move).
 * @category Policies
 */
export const DMABUF_WEIGHTS = {
  create: 2,
  export: 2,
  attach: 5,
  map_attachment: 8,
  unmap_attachment: 3,
  detach: 4,
  import_job: 6,
  move: 4,
  cpu_access: 5,
  signal: 4,
  bind: 1,
  execbuf: 1,
  unbind: 1,
  shrink: 1,
  close: 1,
  madvise: 1,
  fault: 1,
} as const;

/** Two objects: the sharing bugs need several attachments of one buffer, so buffers must collide. @category Policies */
export const DMABUF_CONFIG = { maxObjects: 2 } as const;

/**
 * Where `verify` checks a sharing policy: a share takes four ops to set up (create, export, attach,
 * map) and the catalogued sharing bugs need two to four more (a second attachment, a move, a
 * detach, an access), 6 to 8 ops in all; the search finds each at its shortest within this bound
 * (exporter-2015-cached-sg: ATTACH-OWN-SG in 6, NO-LEAK and SYNC-LIVE in 7, MAP-BALANCED and
 * DIRTY-AFTER-TEARDOWN in 8). One buffer is enough for every one of them, and the contexts are those
 * the sharing paths run in: user space (U0), the exporter (X) and the importers (I). Eight ops over
 * every context and two objects would be about 100 times larger.
 * @category Policies
 */
export const DMABUF_VERIFY_BOUND: VerifyBound = {
  depth: 8,
  objects: 1,
  vms: 1,
  contexts: ['U0', 'X', 'I'],
  why: 'the sharing bugs need 6 to 8 ops on one buffer, in user space, the exporter and the importers',
};

/**
 * A reservation-era GEM driver exporting its objects as dma-bufs to the model's two importers (a
 * second GPU behind an IOMMU, a camera ISP with bounce buffers and a one-segment limit), with the
 * dma-buf programs of this directory. Each catalogued policy turns one knob of DmaBufVariant.
 * @category Policies
 */
export function dmabufDriver(p: DmaBufPolicy): PolicyDef {
  const def = resvDriver({
    ...identity(p),
    weights: { ...DMABUF_WEIGHTS, ...p.weights },
    config: DMABUF_CONFIG,
    programs: {
      export: exportProgram(),
      attach: attachProgram(p),
      map_attachment: mapAttachmentProgram(p),
      unmap_attachment: unmapAttachmentProgram(),
      detach: detachProgram(p),
      import_job: importJobProgram(p),
      move: moveProgram(p),
      cpu_access: cpuAccessProgram(),
    },
  });
  return { ...def, verify: DMABUF_VERIFY_BOUND };
}
