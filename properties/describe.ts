import { DMA_DIRS, type Mapping, mappingAt, vmName, type World } from '../model/index.ts';

/** Short names for the messages invariants print. */
export function iovaHex(iova: number): string {
  return `0x${(iova * 4096).toString(16).padStart(8, '0')}`;
}

/** A mapping in a message: its IOVA behind an IOMMU, else its first device address (physical or SWIOTLB slot). */
export function describeMapping(m: Mapping): string {
  const at = m.iova >= 0 ? `iova ${iovaHex(m.iova)}` : `dma ${iovaHex(m.addrs[0] ?? 0)}`;
  const how = m.kind === 'coherent' ? 'allocated coherent' : 'mapped';
  return `m#${m.id} (${at}, ${m.npages} pages, ${DMA_DIRS[m.dir]}, ${how} at step ${m.step})`;
}

export function liveMappingsOf(w: World, obj: number): Mapping[] {
  return w.mappings.filter((m) => m.obj === obj && m.live);
}

export function mappingName(w: World, id: number): string {
  return id < 0 ? 'none' : describeMapping(mappingAt(w, id));
}

export { vmName };
