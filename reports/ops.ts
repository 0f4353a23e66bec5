import {
  BACKINGS,
  CONTEXTS,
  DEVICES,
  OP_SPECS,
  type Op,
  type OpSpecs,
  policyOpPhrase,
  vmName,
} from '../model/index.ts';

/**
 * One op as a reviewer reads it: `[U0] bind obj#0 into ppgtt1`. `specs` is the running policy's
 * table (`opSpecsOf`), for its own ops' phrasing.
 * @category Reports
 */
export function opText(op: Op, createdId: number, specs: OpSpecs = OP_SPECS, devices: Devices = DEVICES): string {
  return `[${CONTEXTS[op.ctx] ?? op.ctx}] ${opDescription(op, createdId, specs, devices)}`;
}

/**
 * The devices a report names (driver and bus id), by device id: the platform's, else the default world's.
 * @category Reports
 */
export type Devices = readonly { readonly driver: string; readonly name: string; readonly dynamic: boolean }[];

/** The op without its context: `bind obj#0 into ppgtt1 (preempted after 2 steps)`. @category Reports */
export function opDescription(
  op: Op,
  createdId: number,
  specs: OpSpecs = OP_SPECS,
  devices: Devices = DEVICES,
): string {
  const run = op.run > 0 ? ` (preempted after ${op.run} step${op.run === 1 ? '' : 's'})` : '';
  return `${opBody(op, createdId, specs, devices)}${run}`;
}

function opBody(op: Op, createdId: number, specs: OpSpecs, devices: Devices): string {
  const dev = (id: number) => deviceName(devices, id);
  // A policy's own op, or a built-in one in its driver's words (`PolicyOp.phrase`, `Policy.words`).
  if (op.kind !== 'create') {
    const own = policyOpPhrase(specs, op);
    if (own !== null) return own;
  }
  switch (op.kind) {
    case 'create':
      return `create obj#${createdId} (${BACKINGS[op.arg] ?? `backing ${op.arg}`})`;
    case 'bind':
      return `bind obj#${op.obj} into ${vmName(op.vm)}`;
    case 'unbind':
      return `unbind obj#${op.obj} from ${vmName(op.vm)}`;
    case 'execbuf':
      return `execbuf: GPU ${op.arg === 1 ? 'writes' : 'reads'} obj#${op.obj} through ${vmName(op.vm)}`;
    case 'signal':
      return `GPU completes the oldest job of ${CONTEXTS[op.arg] ?? op.arg} (fence signals)`;
    case 'shrink':
      return 'shrinker runs (reclaim)';
    case 'close':
      return `close obj#${op.obj} (last handle; free)`;
    case 'madvise':
      return `madvise obj#${op.obj} ${op.arg === 1 ? 'DONTNEED' : 'WILLNEED'}`;
    case 'fault':
      return `CPU faults on a GTT mmap of obj#${op.obj}`;
    case 'invalidate':
      return `${op.arg === 1 ? 'munmap' : 'zap (MMU_NOTIFY_CLEAR)'} of obj#${op.obj}'s user range`;
    case 'worker':
      return `userptr worker runs obj#${op.obj}'s queued work`;
    case 'export':
      return `export obj#${op.obj} as a dma-buf`;
    case 'attach':
      return `${dev(op.vm)} attaches to obj#${op.obj}'s dma-buf${op.arg === 1 && devices[op.vm]?.dynamic === true ? ' (dynamic importer)' : ''}`;
    case 'map_attachment':
      return `${dev(op.vm)} maps its attachment of obj#${op.obj}`;
    case 'unmap_attachment':
      return `${dev(op.vm)} unmaps its attachment of obj#${op.obj}`;
    case 'detach':
      return `${dev(op.vm)} detaches from obj#${op.obj}'s dma-buf`;
    case 'import_job':
      return `${dev(op.vm)} ${['reads', 'writes', 'writes the first page of'][op.arg] ?? 'reads'} obj#${op.obj} by DMA through its attachment`;
    case 'move':
      return `the exporter moves obj#${op.obj} (move_notify, then new backing)`;
    case 'cpu_access':
      return `CPU reads obj#${op.obj} between DMA_BUF_IOCTL_SYNC start and end`;
    case 'mmap_access':
      return op.arg === 2
        ? `CPU polls obj#${op.obj} through its mmap (no CPU_PREP)`
        : `CPU ${op.arg === 1 ? 'writes' : 'reads'} obj#${op.obj} through its mmap, between CPU_PREP and CPU_FINI`;
    case 'driver_unbind':
      return "unbinds the GPU's driver from its device";
    case 'resume':
      return 'resumes';
    default:
      return genericOpBody(op, specs);
  }
}

/**
 * Any kind without a sentence of its own above (a kind newer than this file): its summary from
 * `OP_SPECS`, and the fields it reads.
 * @category Reports
 */
export function genericOpBody(op: Op, specs: OpSpecs = OP_SPECS): string {
  const spec = specs[op.kind];
  if (spec === undefined) return `${op.kind} (an op kind this policy does not have)`;
  const fields = [
    spec.lookup === true ? `obj#${op.obj}` : '',
    spec.lookup === true ? vmName(op.vm) : '',
    spec.arg === undefined ? '' : `arg ${op.arg}`,
  ].filter((f) => f !== '');
  return `${op.kind}: ${spec.summary}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
}

/** Object ids a sequence of ops creates, in order: the k-th create makes obj#k. @category Reports */
export function createdIds(ops: readonly Op[]): number[] {
  let n = 0;
  return ops.map((o) => (o.kind === 'create' ? n++ : -1));
}

/** A device as a reviewer knows it: its driver and name. */
function deviceName(devices: Devices, id: number): string {
  const d = devices[id];
  return d === undefined ? `device ${id}` : `${d.driver} ${d.name}`;
}
