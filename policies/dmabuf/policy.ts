import type { InvariantCode } from '../../properties/index.ts';
import type { PolicyDef } from '../define.ts';
import { resvDriver } from '../gem-resv/policy.ts';
import { cpuAccessProgram } from './cpu.ts';
import { attachProgram, exportProgram, moveProgram } from './exporter.ts';
import { detachProgram, importJobProgram, mapAttachmentProgram, unmapAttachmentProgram } from './importer.ts';
import type { DmaBufVariant } from './variant.ts';

export interface DmaBufPolicy extends DmaBufVariant {
  readonly name: string;
  readonly summary: string;
  readonly source: string;
  readonly expects: readonly InvariantCode[];
  readonly twin?: string;
}

/** The sharing paths first; the GEM paths still run, less often. */
export const DMABUF_WEIGHTS = {
  create: 3,
  export: 4,
  attach: 4,
  map_attachment: 5,
  unmap_attachment: 2,
  detach: 1,
  import_job: 4,
  move: 2,
  cpu_access: 3,
  signal: 3,
  bind: 1,
  execbuf: 1,
  unbind: 1,
  shrink: 1,
  close: 1,
  madvise: 1,
  fault: 1,
} as const;

/**
 * A reservation-era GEM driver exporting its objects as dma-bufs to the model's two importers (a
 * second GPU behind an IOMMU, a camera ISP with bounce buffers and a one-segment limit), with the
 * dma-buf programs of this directory. Each catalogued policy turns one knob of DmaBufVariant.
 */
export function dmabufDriver(p: DmaBufPolicy): PolicyDef {
  return resvDriver({
    name: p.name,
    summary: p.summary,
    source: p.source,
    expects: p.expects,
    ...(p.twin === undefined ? {} : { twin: p.twin }),
    weights: DMABUF_WEIGHTS,
    programs: {
      export: exportProgram(),
      attach: attachProgram(p),
      map_attachment: mapAttachmentProgram(p),
      unmap_attachment: unmapAttachmentProgram(),
      detach: detachProgram(p),
      import_job: importJobProgram(p),
      move: moveProgram(p),
      cpu_access: cpuAccessProgram(p),
    },
  });
}
