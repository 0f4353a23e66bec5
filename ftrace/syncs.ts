import type { CheckContext } from './context.ts';
import type { Dir } from './events.ts';
import { describe, firstDma, hex, type Live } from './live.ts';

/** SYNC-LIVE: kernel/dma/debug.c check_sync on dma_sync_single_* and dma_sync_sg_*. */

/** A sync found no live segment holding its range. */
export function syncMissed(c: CheckContext, fn: string, dev: string, dma: number, size: number, line: number): void {
  const end = dma + Math.max(1, size);
  const over = c.live.overlapping(dma, end, dev)[0];
  if (over !== undefined) {
    c.add(
      'SYNC-LIVE',
      c.sev(over.line, line),
      dev,
      `${fn} of [${hex(dma)}, ${hex(end)}) runs outside the segments of the ${over.fn} at line ${over.line} (${describe(over)}) (debug.c: "device driver tries to sync DMA memory it has not allocated")`,
      [over.line, line],
    );
    return;
  }
  const gone = c.history.get(dev, 'd', dma);
  if (gone !== undefined) {
    c.add(
      'SYNC-LIVE',
      c.sev(gone.mapLine, line),
      dev,
      `${fn} of dma ${hex(dma)} after its unmap at line ${gone.line} (mapped at line ${gone.mapLine})`,
      [gone.mapLine, gone.line, line],
    );
    return;
  }
  const sev = c.unknownSev(line);
  c.add(
    'SYNC-LIVE',
    sev,
    dev,
    `${fn} of dma ${hex(dma)}, which this trace never mapped` +
      (sev === 'warning' ? ' (mapped before the trace began?)' : ''),
    [line],
  );
}

export function synced(
  c: CheckContext,
  forCpu: boolean,
  dev: string,
  dir: Dir,
  dma: number,
  size: number,
  line: number,
): void {
  const fn = forCpu ? 'dma_sync_single_for_cpu' : 'dma_sync_single_for_device';
  const hit = c.live.containing(dev, dma, dma + Math.max(1, size));
  if (hit === null) syncMissed(c, fn, dev, dma, size, line);
  else syncDir(c, fn, hit, dir, forCpu, line);
}

export function syncedSg(
  c: CheckContext,
  forCpu: boolean,
  dev: string,
  dir: Dir,
  dmas: readonly number[],
  sizes: readonly number[],
  line: number,
): void {
  const fn = forCpu ? 'dma_sync_sg_for_cpu' : 'dma_sync_sg_for_device';
  const d0 = dmas[0];
  if (d0 === undefined) return;
  let l: Live | undefined;
  for (const m of c.live.at(dev, d0)) if (l === undefined && m.kind === 'sg') l = m;
  l ??= c.live.containing(dev, d0, d0 + Math.max(1, sizes[0] ?? 0)) ?? undefined;
  if (l === undefined) {
    syncMissed(c, fn, dev, d0, sizes[0] ?? 0, line);
    return;
  }
  const sev = c.sev(l.line, line);
  // Documentation/core-api/dma-api.rst: sync_sg takes the nents passed to dma_map_sg. (debug.c
  // checks the count only for non-BIDIRECTIONAL mappings; the rule holds for all.)
  if (l.kind === 'sg' && dmas.length !== l.nents) {
    c.add(
      'SYNC-LIVE',
      sev,
      dev,
      `${fn} at dma ${hex(d0)}: syncs DMA sg list with different entry count [map count=${l.nents} at line ${l.line}] [sync count=${dmas.length}]`,
      [l.line, line],
    );
  }
  // debug.c debug_dma_sync_sg_*: only the first mapped_ents entries are looked up.
  const n = Math.min(dmas.length, l.ents, l.segs.length / 2);
  for (let i = 0; i < n; i++) {
    const a = dmas[i] ?? 0;
    const e = a + (sizes[i] ?? 0);
    let inside = false;
    for (let j = 0; j < l.segs.length && !inside; j += 2) {
      const s = l.segs[j] ?? 0;
      inside = s <= a && e <= s + (l.segs[j + 1] ?? 0);
    }
    if (!inside) {
      c.add(
        'SYNC-LIVE',
        sev,
        dev,
        `${fn}: entry ${i} [${hex(a)}, ${hex(e)}) lies outside the segments of the ${l.fn} at line ${l.line} (debug.c: "device driver tries to sync DMA memory it has not allocated")`,
        [l.line, line],
      );
      break;
    }
  }
  syncDir(c, fn, l, dir, forCpu, line);
}

/**
 * kernel/dma/debug.c check_sync, exactly: nothing for a BIDIRECTIONAL mapping; otherwise
 * "different direction" when the directions differ, plus "device read-only DMA memory for cpu"
 * when for_cpu && mapping != FROM_DEVICE && sync != TO_DEVICE, and "device write-only DMA memory
 * to device" when !for_cpu && mapping != TO_DEVICE && sync != FROM_DEVICE. So the TX-buffer reuse
 * sync_for_cpu(TO_DEVICE) on a TO_DEVICE mapping and the RX recycling sync_for_device(FROM_DEVICE)
 * on a FROM_DEVICE mapping are legal. One finding per call, naming every message debug.c prints.
 */
export function syncDir(c: CheckContext, fn: string, l: Live, dir: Dir, forCpu: boolean, line: number): void {
  const mapDir = l.dir ?? 'BIDIRECTIONAL';
  if (mapDir === 'BIDIRECTIONAL') return;
  const msgs: string[] = [];
  if (dir !== mapDir)
    msgs.push(`syncs DMA memory with different direction [mapped with ${mapDir}] [synced with ${dir}]`);
  if (forCpu && mapDir !== 'FROM_DEVICE' && dir !== 'TO_DEVICE') msgs.push('syncs device read-only DMA memory for cpu');
  if (!forCpu && mapDir !== 'TO_DEVICE' && dir !== 'FROM_DEVICE')
    msgs.push('syncs device write-only DMA memory to device');
  if (msgs.length === 0) return;
  c.add(
    'SYNC-LIVE',
    c.sev(l.line, line),
    l.dev,
    `${fn} of the ${l.fn} at line ${l.line} (dma ${hex(firstDma(l))}): ${msgs.join('; ')}`,
    [l.line, line],
  );
}
