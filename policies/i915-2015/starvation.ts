import type { FuzzPhase } from '../../model/index.ts';

/**
 * Commit e2273302's two symptoms, each a phase of its own (`Policy.phases`): the leak "can lead to
 * leaked mapping data and IOMMU memory space starvation", and its author saw the DMA-API debug
 * table "got disabled after a while due to its internal mapping tables getting full". With the
 * default sizes (256 IOVA pages, 4096 debug entries) a 24-op sequence cannot leak enough to starve
 * either, so each is searched again under a small one: a 2-page object leaks a 2-page IOVA range
 * and a debug entry per extra bind. The fixed twin runs the same phases and stays clean.
 */
export const STARVATION_PHASES: readonly FuzzPhase[] = [
  { name: 'IOVA space of 8 pages', config: { iovaPages: 8 } },
  { name: 'DMA-API debug table of 4 entries', config: { debugEntries: 4 } },
];
