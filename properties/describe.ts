import { DMA_DIRS, type Mapping, mappingAt, vmName, type World } from '../model/index.ts';

/** Short names for the messages invariants print. */
export function iovaHex(iova: number): string {
  return `0x${(iova * 4096).toString(16).padStart(8, '0')}`;
}

export function describeMapping(m: Mapping): string {
  return `m#${m.id} (iova ${iovaHex(m.iova)}, ${m.npages} pages, ${DMA_DIRS[m.dir]}, mapped at step ${m.step})`;
}

export function liveMappingsOf(w: World, obj: number): Mapping[] {
  return w.mappings.filter((m) => m.obj === obj && m.live);
}

export function mappingName(w: World, id: number): string {
  return id < 0 ? 'none' : describeMapping(mappingAt(w, id));
}

export { vmName };
