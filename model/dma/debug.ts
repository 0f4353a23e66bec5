import { EV, type Kernel, NONE } from '../core/index.ts';

/**
 * The DMA-API debug table (kernel/dma/debug.c): one entry per mapped sg segment. In the 2015
 * behaviour a full table turns all checking off for good ("debugging out of memory - disabling");
 * commit e2273302's author found the leak that way. The current kernel grows the pool instead.
 */
export function debugAdd(k: Kernel, entries: number): void {
  const d = k.w.debug;
  if (d.disabled) return;
  if (d.used + entries > d.capacity && d.mode === 'disable-when-full') {
    d.disabled = true;
    d.disabledAt = k.w.step;
    k.emit(EV.dma_debug_disabled, NONE, d.capacity, d.used, 0);
    return;
  }
  d.used += entries;
}

export function debugRemove(k: Kernel, entries: number): void {
  const d = k.w.debug;
  if (d.disabled) return;
  d.used -= entries;
}
