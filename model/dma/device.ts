import type { Device, DeviceId, World } from '../core/index.ts';

/** include/linux/dma-mapping.h: the device a DMA call names, and the attributes a map call passes. */

/**
 * The device `dev` (`struct device` and its DMA properties); throws when there is none.
 * Records no event.
 * @category DMA API
 */
export function deviceAt(w: World, dev: DeviceId | number): Device {
  return w.devices[dev] ?? missingDevice(dev);
}
function missingDevice(dev: number): never {
  throw new Error(`no device ${dev}`);
}

/**
 * `DMA_ATTR_SKIP_CPU_SYNC`: map and unmap without the bounce copies and cache maintenance; the caller
 * hands data over with explicit syncs. drm_prime's drm_gem_map_dma_buf / drm_gem_unmap_dma_buf map
 * attachments this way and leave the handover to begin/end_cpu_access.
 * @category DMA API
 */
export const ATTR_SKIP_CPU_SYNC = 1;
