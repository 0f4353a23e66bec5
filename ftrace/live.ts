import type { Dir } from './events.ts';

/** kernel/dma/debug.c `type2name`: what made a mapping, as check_unmap names it. */
export type LiveKind = 'single' | 'resource' | 'sg' | 'coherent' | 'noncoherent' | 'sgt';
export const KIND_NAME: { readonly [K in LiveKind]: string } = {
  single: 'single',
  resource: 'resource',
  sg: 'scather-gather', // sic, debug.c's spelling
  coherent: 'coherent',
  noncoherent: 'noncoherent',
  sgt: 'sg table',
};

/** A mapping or allocation the trace made and has not unmapped or freed yet. */
export interface Live {
  readonly kind: LiveKind;
  /** The event that made it (dma_map_phys, dma_map_sg, dma_alloc, ...). */
  readonly fn: string;
  readonly dev: string;
  /** null: an allocation traced before 3afff779a725 (coherent memory is BIDIRECTIONAL). */
  readonly dir: Dir | null;
  readonly line: number;
  /** DMA segments, flat: start0, len0, start1, len1, ... (sg: the traced ones, at most 128). */
  readonly segs: readonly number[];
  /** Physical address of each CPU entry (sg: the traced ones; single: one; coherent: none). */
  readonly phys: readonly number[];
  /** sg: entries passed to dma_map_sg (orig nents) and DMA segments produced; 1 and 1 otherwise. */
  readonly nents: number;
  readonly ents: number;
  readonly truncated: boolean;
  /** Size of a single mapping or allocation; the sum of the traced segment lengths for sg. */
  readonly size: number;
  /** Set when its unmap or free is seen. */
  released: boolean;
  /** Set when an IOMMU unmap covered it while it was live. */
  iommuGone: IommuGone | null;
}

/** An IOMMU `unmap` over a live mapping: where, by which task, and whether the domain is known to be its own. */
export interface IommuGone {
  readonly line: number;
  readonly pid: number;
  readonly iova: number;
  readonly size: number;
  /** The IOMMU `map` of that IOVA translated it to the mapping's own page: the same domain. */
  readonly same: boolean;
  readonly mapLine: number | null;
}

export const firstDma = (l: Live): number => l.segs[0] ?? 0;

/** 64 KiB chunks of DMA address space: the index for "which live segment contains this address". */
const CHUNK = 65536;

/**
 * The live mappings of one trace, indexed by device and first DMA address (unmap and free look up
 * there, as debug.c's hash does), by device and first physical address (dma_unmap_sg prints only
 * physical addresses) and by 64 KiB chunk of DMA address (syncs of part of a segment).
 */
export class LiveSet {
  private readonly byStart = new Map<string, Map<number, Bucket>>();
  private readonly byPhys = new Map<string, Map<number, Bucket>>();
  private readonly byChunk = new Map<number, Bucket>();
  count = 0;

  add(l: Live): void {
    push(inner(this.byStart, l.dev), firstDma(l), l);
    if (l.kind === 'sg' && l.phys.length > 0) push(inner(this.byPhys, l.dev), l.phys[0] ?? 0, l);
    for (let i = 0; i < l.segs.length; i += 2) {
      const s = l.segs[i] ?? 0;
      const e = s + Math.max(1, l.segs[i + 1] ?? 0);
      for (let c = Math.floor(s / CHUNK); c <= Math.floor((e - 1) / CHUNK); c++) push(this.byChunk, c, l);
    }
    this.count++;
  }

  remove(l: Live): void {
    pull(this.byStart.get(l.dev), firstDma(l), l);
    if (l.kind === 'sg' && l.phys.length > 0) pull(this.byPhys.get(l.dev), l.phys[0] ?? 0, l);
    for (let i = 0; i < l.segs.length; i += 2) {
      const s = l.segs[i] ?? 0;
      const e = s + Math.max(1, l.segs[i + 1] ?? 0);
      for (let c = Math.floor(s / CHUNK); c <= Math.floor((e - 1) / CHUNK); c++) pull(this.byChunk, c, l);
    }
    this.count--;
  }

  /**
   * Live entries of `dev` whose first DMA address is `dma`. A lone entry comes in an array this set
   * reuses: read the result before the next call of `at` or `sgAtPhys` (no allocation per lookup).
   */
  at(dev: string, dma: number): readonly Live[] {
    return this.list(this.byStart.get(dev)?.get(dma));
  }

  /** Live sg mappings of `dev` whose first CPU entry is at `phys` (read it before the next lookup, as `at`). */
  sgAtPhys(dev: string, phys: number): readonly Live[] {
    return this.list(this.byPhys.get(dev)?.get(phys));
  }

  /** The reused array of a lone entry. */
  private readonly one: Live[] = [];

  private list(v: Bucket | undefined): readonly Live[] {
    if (v === undefined) return NONE;
    if (Array.isArray(v)) return v;
    this.one[0] = v;
    return this.one;
  }

  /** Live entries (any device unless `dev`) with a segment overlapping [start, end). */
  overlapping(start: number, end: number, dev?: string): Live[] {
    const out: Live[] = [];
    for (let c = Math.floor(start / CHUNK); c <= Math.floor((end - 1) / CHUNK); c++) {
      const v = this.byChunk.get(c);
      if (v === undefined) continue;
      if (!Array.isArray(v)) {
        if ((dev === undefined || v.dev === dev) && !out.includes(v) && segOverlapping(v, start, end) >= 0) out.push(v);
        continue;
      }
      for (const l of v) {
        if ((dev === undefined || l.dev === dev) && !out.includes(l) && segOverlapping(l, start, end) >= 0) out.push(l);
      }
    }
    return out;
  }

  /** The first live entry of `dev` with a segment containing [start, end), or null. */
  containing(dev: string, start: number, end: number): Live | null {
    const v = this.byChunk.get(Math.floor(start / CHUNK));
    if (v === undefined) return null;
    if (!Array.isArray(v)) return v.dev === dev && contains(v, start, end) ? v : null;
    for (const l of v) if (l.dev === dev && contains(l, start, end)) return l;
    return null;
  }

  /** Every live entry, in the order they were made. */
  all(): Live[] {
    const out: Live[] = [];
    for (const m of this.byStart.values()) for (const ls of m.values()) out.push(...(Array.isArray(ls) ? ls : [ls]));
    return out.sort((a, b) => a.line - b.line);
  }
}

/** Whether a segment of `l` contains [start, end). */
function contains(l: Live, start: number, end: number): boolean {
  for (let i = 0; i < l.segs.length; i += 2) {
    const s = l.segs[i] ?? 0;
    if (s <= start && end <= s + (l.segs[i + 1] ?? 0)) return true;
  }
  return false;
}

/** Index of the first segment of `l` overlapping [start, end), or -1. */
export function segOverlapping(l: Live, start: number, end: number): number {
  for (let i = 0; i < l.segs.length; i += 2) {
    const s = l.segs[i] ?? 0;
    if (s < end && start < s + Math.max(1, l.segs[i + 1] ?? 0)) return i / 2;
  }
  return -1;
}

const NONE: readonly Live[] = [];

/** One live entry, or several (rare: the same key twice). */
type Bucket = Live | Live[];

function inner<K>(m: Map<K, Map<number, Bucket>>, k: K): Map<number, Bucket> {
  let v = m.get(k);
  if (v === undefined) {
    v = new Map();
    m.set(k, v);
  }
  return v;
}

function push(m: Map<number, Bucket>, k: number, l: Live): void {
  const v = m.get(k);
  if (v === undefined) m.set(k, l);
  else if (Array.isArray(v)) v.push(l);
  else m.set(k, [v, l]);
}

function pull(m: Map<number, Bucket> | undefined, k: number, l: Live): void {
  const v = m?.get(k);
  if (v === undefined) return;
  if (!Array.isArray(v)) {
    if (v === l) m?.delete(k);
    return;
  }
  const i = v.indexOf(l);
  if (i >= 0) v.splice(i, 1);
  if (v.length === 0) m?.delete(k);
}

/**
 * Where recently unmapped addresses were unmapped, so that a second unmap or a sync after the unmap
 * is told from one of a mapping made before the trace began. Keyed by device and DMA address (`d`)
 * or first physical address of an sg list (`p`), in a fixed-size direct-mapped table: a newer entry
 * overwrites an older one in its slot. A forgotten address only turns an error into a warning (the
 * address is compared exactly, so a slot never answers for another address).
 */
export class History {
  private readonly devs = new Map<string, number>();
  /**
   * Slot i holds address, device id, unmap line and map line at 4i..4i+3: one cache line per
   * lookup (the table is too large for the caches, and is read at random).
   */
  private readonly t: Float64Array;
  private readonly mask: number;

  constructor(bits = 16) {
    const n = 1 << (bits + 1);
    this.mask = (1 << bits) - 1;
    this.t = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) this.t[i * 4] = -1;
  }

  /** The index in `t` of the slot of (dev, space, addr). */
  private slot(dev: number, space: 'd' | 'p', addr: number): number {
    const lo = (addr / 64) | 0;
    const hi = (addr / 4294967296) | 0;
    const h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b) ^ Math.imul(dev, 0xc2b2ae35), 0x9e3779b1);
    return (((h >>> 15) & this.mask) * 2 + (space === 'd' ? 0 : 1)) * 4;
  }

  private devId(dev: string): number {
    let id = this.devs.get(dev);
    if (id === undefined) {
      id = this.devs.size;
      this.devs.set(dev, id);
    }
    return id;
  }

  note(dev: string, space: 'd' | 'p', addr: number, line: number, mapLine: number): void {
    const d = this.devId(dev);
    const i = this.slot(d, space, addr);
    const t = this.t;
    t[i] = addr;
    t[i + 1] = d;
    t[i + 2] = line;
    t[i + 3] = mapLine;
  }

  get(dev: string, space: 'd' | 'p', addr: number): Gone | undefined {
    const d = this.devs.get(dev);
    if (d === undefined) return undefined;
    const i = this.slot(d, space, addr);
    const t = this.t;
    if (t[i] !== addr || t[i + 1] !== d) return undefined;
    return { line: t[i + 2] ?? 0, mapLine: t[i + 3] ?? 0 };
  }
}

export interface Gone {
  readonly line: number;
  readonly mapLine: number;
}

/** An address as the reports print it. */
export const hex = (n: number): string => (n < 0 ? 'DMA_MAPPING_ERROR' : `0x${n.toString(16)}`);

/** A mapping in a few words. */
export function describe(l: Live): string {
  const dir = l.dir === null ? '' : ` ${l.dir}`;
  if (l.kind === 'sg') {
    return `${l.nents} entries in ${l.ents} segment(s) at dma ${hex(firstDma(l))}${dir}${l.truncated ? ' [TRUNCATED]' : ''}`;
  }
  return `dma ${hex(firstDma(l))} size ${l.size}${dir}`;
}
