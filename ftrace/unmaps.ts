import type { CheckContext } from './context.ts';
import type { Dir } from './events.ts';
import { hex, KIND_NAME, type Live, type LiveKind } from './live.ts';

/**
 * MAP-BALANCED: kernel/dma/debug.c check_unmap's comparisons on dma_unmap_*, dma_unmap_sg and
 * dma_free*, each mismatch its own finding (debug.c prints each), with debug.c's messages.
 */

/** An unmap or free found no live mapping: a double unmap, or one of a mapping older than the trace. */
export function unmatched(
  c: CheckContext,
  fn: string,
  dev: string,
  space: 'd' | 'p',
  addr: number,
  what: string,
  line: number,
): void {
  const gone = c.history.get(dev, space, addr);
  if (gone !== undefined) {
    c.add(
      'MAP-BALANCED',
      c.sev(gone.line, line),
      dev,
      `${fn} of ${what}, already unmapped at line ${gone.line} (debug.c: "device driver tries to free DMA memory it has not allocated")`,
      [gone.mapLine, gone.line, line],
    );
    return;
  }
  const sev = c.unknownSev(line);
  c.add(
    'MAP-BALANCED',
    sev,
    dev,
    `${fn} of ${what}, which this trace never mapped` +
      (sev === 'warning'
        ? ' (mapped before the trace began?)'
        : ' (debug.c: "tries to free DMA memory it has not allocated")'),
    [line],
  );
}

/** check_unmap's comparisons, each mismatch its own finding (debug.c prints each). */
export function unmapped(
  c: CheckContext,
  fn: string,
  dev: string,
  dma: number,
  size: number,
  dir: Dir | null,
  kind: LiveKind,
  line: number,
  pid: number,
) {
  const cands = c.live.at(dev, dma);
  let l: Live | undefined = cands[0];
  for (const c of cands) {
    if (c.kind !== kind) continue;
    if (l?.kind !== kind) l = c;
    if (c.size === size && (dir === null || c.dir === dir)) {
      l = c;
      break;
    }
  }
  if (l === undefined) {
    unmatched(c, fn, dev, 'd', dma, `dma ${hex(dma)} (size ${size})`, line);
    return;
  }
  c.release(l, line, pid);
  const what = `${fn} of dma ${hex(dma)}`;
  if (l.kind !== kind) {
    const m = `wrong function [mapped as ${KIND_NAME[l.kind]} by ${l.fn} at line ${l.line}] [unmapped as ${KIND_NAME[kind]}]`;
    mismatch(c, l, line, what, m);
  }
  if (l.size !== size) {
    mismatch(c, l, line, what, `different size [map size=${l.size} bytes] [unmap size=${size} bytes]`);
  }
  if (dir !== null && l.dir !== null && l.dir !== dir) {
    mismatch(c, l, line, what, `different direction [mapped with ${l.dir} at line ${l.line}] [unmapped with ${dir}]`);
  }
}

/** One of check_unmap's messages: "device driver frees DMA memory with ...". */
export function mismatch(c: CheckContext, l: Live, line: number, what: string, m: string, noun = 'memory'): void {
  c.add('MAP-BALANCED', c.sev(l.line, line), l.dev, `${what}: frees DMA ${noun} with ${m}`, [l.line, line]);
}

/** dma_unmap_sg names its list by physical addresses: matched by device and first CPU entry. */
export function unmappedSg(
  c: CheckContext,
  dev: string,
  phys: readonly number[],
  dir: Dir,
  line: number,
  pid: number,
): void {
  const p0 = phys[0];
  if (p0 === undefined) return;
  const cands = c.live.sgAtPhys(dev, p0);
  let l: Live | undefined = cands[0];
  if (cands.length > 1) {
    l = undefined;
    // Latest first: dma_unmap_sg unmaps the DMA addresses the table holds, those of its last map.
    for (let i = cands.length - 1; i >= 0 && l === undefined; i--) {
      const c = cands[i];
      if (c !== undefined && c.nents === phys.length && samePhys(c.phys, phys)) l = c;
    }
    for (let i = cands.length - 1; i >= 0 && l === undefined; i--) if (cands[i]?.dir === dir) l = cands[i];
    l ??= cands[cands.length - 1];
  }
  if (l === undefined) {
    unmatched(c, 'dma_unmap_sg', dev, 'p', p0, `the sg list at phys ${hex(p0)}`, line);
    return;
  }
  c.release(l, line, pid);
  const what = `dma_unmap_sg of the sg list at phys ${hex(p0)}`;
  if (l.nents !== phys.length) {
    const m = `different entry count [map count=${l.nents} at line ${l.line}] [unmap count=${phys.length}]`;
    mismatch(c, l, line, what, m, 'sg list');
  }
  if (l.dir !== dir) {
    mismatch(c, l, line, what, `different direction [mapped with ${l.dir} at line ${l.line}] [unmapped with ${dir}]`);
  }
}

/** Whether the traced physical addresses of an sg map start the unmap's list (the map's may be capped at 128). */
function samePhys(mapped: readonly number[], unmapped: readonly number[]): boolean {
  for (let i = 0; i < mapped.length; i++) if (mapped[i] !== unmapped[i]) return false;
  return true;
}
