import type { Page } from '../core/index.ts';

/** CPU cache maintenance for streaming DMA on a non-coherent device (arch_sync_dma_for_{device,cpu}). */

/**
 * `arch_sync_dma_for_device` on a non-coherent device: a cache *clean* writes back only the lines
 * the CPU dirtied. A page the CPU did not write since it last took ownership keeps in RAM what the
 * device wrote there, so a driver that syncs for the device at every submit (nouveau's validate)
 * does not undo the device's last write. KERNEL.md §1.4; FIDELITY.md "Model findings" 2.
 * Called by the map and sync primitives; records no event (the data versions it moves are what BOUNCE-
 * COHERENT later compares).
 * @category DMA API
 */
export function cacheClean(page: Page): void {
  if (page.cpuDirty) {
    page.ver = page.cache;
    page.cpuDirty = false;
  }
}

/**
 * `arch_sync_dma_for_cpu` (or a bounce copy back): the CPU's view is invalidated and reads RAM
 * from now on; nothing the CPU held is dirty any more.
 * Called by the unmap and sync primitives; records no event.
 * @category DMA API
 */
export function cacheInvalidate(page: Page): void {
  page.cache = page.ver;
  page.cpuDirty = false;
}
