/**
 * The DMA, IOMMU and dma_fence trace events dmacheck reads, parsed by their kernel TP_printk
 * formats. Payloads are read by key (`dir=`, `dma_addr=`, ...), not by position, because the
 * formats grew fields over time; the device name is the first word of every dma event.
 *
 * include/trace/events/dma.h (system `dma`; torvalds/linux @0b9828c7231e, first added in v6.12 by
 * 038eb433dc14 "dma-mapping: add tracing for dma-mapping API calls"):
 * - class dma_map (dma_map_phys; before "rename trace_dma_*map_page() to be trace_dma_*map_phys()"
 *   (Romanovsky, 2025) dma_map_page and dma_map_resource):
 *   `"%s dir=%s dma_addr=%llx size=%zu phys_addr=%llx attrs=%s"`
 * - class dma_unmap (dma_unmap_phys; earlier dma_unmap_page, dma_unmap_resource):
 *   `"%s dir=%s dma_addr=%llx size=%zu attrs=%s"`
 * - class dma_alloc_class (dma_alloc, dma_alloc_pages, dma_alloc_sgt_err):
 *   `"%s dir=%s dma_addr=%llx size=%zu virt_addr=%p flags=%s attrs=%s"`; before 3afff779a725
 *   "dma-mapping: trace dma_alloc/free direction" `"%s dma_addr=%llx size=%zu virt_addr=%p flags=%s
 *   attrs=%s"`. TP_fast_assign stores `dma_addr = virt_addr ? dma_addr : 0` (a failed allocation).
 * - dma_alloc_sgt: `"%s dir=%s dma_addr=%llx size=%zu phys_addrs=%s flags=%s attrs=%s"`
 * - class dma_free_class (dma_free, dma_free_pages): `"%s dir=%s dma_addr=%llx size=%zu virt_addr=%p
 *   attrs=%s"`; before 3afff779a725 without `dir=`. dma_free_sgt: `"%s dir=%s dma_addr=%llx size=%zu
 *   phys_addrs=%s"`.
 * - dma_map_sg: `"%s dir=%s nents=%d/%d ents=%d/%d%s dma_addrs=%s sizes=%s phys_addrs=%s attrs=%s"`
 *   since daafcc0ef0b3 "tracing/dma: Cap dma_map_sg tracepoint arrays to prevent buffer overflow"
 *   (at most DMA_TRACE_MAX_ENTRIES = 128 elements traced, `" [TRUNCATED]"` when capped); before it
 *   `"%s dir=%s dma_addrs=%s sizes=%s phys_addrs=%s attrs=%s"`.
 * - dma_unmap_sg: `"%s dir=%s phys_addrs=%s attrs=%s"`: physical addresses only (`sg_phys` of each
 *   of the nents entries passed to dma_unmap_sg), no DMA address.
 * - class dma_sync_single (dma_sync_single_for_cpu|_for_device): `"%s dir=%s dma_addr=%llx size=%zu"`
 * - class dma_sync_sg (dma_sync_sg_for_cpu|_for_device): `"%s dir=%s dma_addrs=%s sizes=%s"`, the
 *   nents entries passed (entries past the mapped count print whatever their DMA fields hold).
 * - dma_map_sg_err (`"%s dir=%s dma_addrs=%s err=%d attrs=%s"`, the array being the physical
 *   addresses) and dma_alloc_sgt_err are failures: nothing was mapped, nothing to track.
 * Arrays: kernel/trace/trace_output.c trace_print_array_seq prints `{` elements `"0x%x"` / `"0x%llx"`
 * joined by `,` `}`, sizes included (so `sizes={0x2000}`, not decimal). Directions: `__print_symbolic`
 * BIDIRECTIONAL|TO_DEVICE|FROM_DEVICE|NONE. Attributes: `__print_flags(attrs, "|", ...)`, empty for 0.
 *
 * include/trace/events/iommu.h (system `iommu`, @03ab8e6297ac): map `"IOMMU: iova=0x%016llx - 0x%016llx
 * paddr=0x%016llx size=%zu"`, unmap `"IOMMU: iova=0x%016llx - 0x%016llx size=%zu unmapped_size=%zu"`
 * (the second value is iova + size; older kernels print no range end). No device, no domain.
 *
 * include/trace/events/dma_fence.h (system `dma_fence`, @136412474b77): every event
 * `"driver=%s timeline=%s context=%u seqno=%u"`.
 *
 * Addresses are held as JS numbers: exact below 2^53 (every physical and IOVA address of today's
 * machines); DMA_MAPPING_ERROR (all ones) is recognised from its text.
 */

export const DIRS = ['BIDIRECTIONAL', 'TO_DEVICE', 'FROM_DEVICE', 'NONE'] as const;
export type Dir = (typeof DIRS)[number];

export type MapFn = 'dma_map_page' | 'dma_map_phys' | 'dma_map_resource';
export type UnmapFn = 'dma_unmap_page' | 'dma_unmap_phys' | 'dma_unmap_resource';
export type AllocFn = 'dma_alloc' | 'dma_alloc_pages' | 'dma_alloc_sgt';
export type FreeFn = 'dma_free' | 'dma_free_pages' | 'dma_free_sgt';
export type FenceFn =
  | 'dma_fence_init'
  | 'dma_fence_emit'
  | 'dma_fence_enable_signal'
  | 'dma_fence_signaled'
  | 'dma_fence_wait_start'
  | 'dma_fence_wait_end'
  | 'dma_fence_destroy';

export type TraceEvent =
  | {
      readonly kind: 'map';
      readonly fn: MapFn;
      readonly dev: string;
      readonly dir: Dir;
      readonly dma: number;
      readonly size: number;
      readonly phys: number;
      readonly attrs: string;
    }
  | {
      readonly kind: 'unmap';
      readonly fn: UnmapFn;
      readonly dev: string;
      readonly dir: Dir;
      readonly dma: number;
      readonly size: number;
    }
  | {
      readonly kind: 'map_sg';
      readonly dev: string;
      readonly dir: Dir;
      /** Entries passed (orig nents) and DMA segments produced; the full counts, not the traced ones. */
      readonly nents: number;
      readonly ents: number;
      readonly truncated: boolean;
      readonly dmas: readonly number[];
      readonly sizes: readonly number[];
      readonly phys: readonly number[];
      readonly attrs: string;
    }
  | { readonly kind: 'unmap_sg'; readonly dev: string; readonly dir: Dir; readonly phys: readonly number[] }
  | {
      readonly kind: 'sync';
      readonly forCpu: boolean;
      readonly dev: string;
      readonly dir: Dir;
      readonly dma: number;
      readonly size: number;
    }
  | {
      readonly kind: 'sync_sg';
      readonly forCpu: boolean;
      readonly dev: string;
      readonly dir: Dir;
      readonly dmas: readonly number[];
      readonly sizes: readonly number[];
    }
  | {
      readonly kind: 'alloc';
      readonly fn: AllocFn;
      readonly dev: string;
      /** null on kernels before 3afff779a725 (no `dir=`). */
      readonly dir: Dir | null;
      readonly dma: number;
      readonly size: number;
      readonly failed: boolean;
    }
  | {
      readonly kind: 'free';
      readonly fn: FreeFn;
      readonly dev: string;
      readonly dir: Dir | null;
      readonly dma: number;
      readonly size: number;
    }
  | { readonly kind: 'iommu_map'; readonly iova: number; readonly size: number; readonly paddr: number }
  | { readonly kind: 'iommu_unmap'; readonly iova: number; readonly size: number; readonly unmapped: number }
  | {
      readonly kind: 'fence';
      readonly fn: FenceFn;
      readonly driver: string;
      readonly timeline: string;
      readonly context: number;
      readonly seqno: number;
    };

export type TraceEventKind = TraceEvent['kind'];

/** A payload the event's format does not fit: the line is counted as malformed. */
export class BadPayload extends Error {}

/** Every event name dmacheck reads; any other event is skipped. */
export const KNOWN_EVENTS: ReadonlySet<string> = new Set([
  'dma_map_page',
  'dma_map_phys',
  'dma_map_resource',
  'dma_unmap_page',
  'dma_unmap_phys',
  'dma_unmap_resource',
  'dma_map_sg',
  'dma_unmap_sg',
  'dma_sync_single_for_cpu',
  'dma_sync_single_for_device',
  'dma_sync_sg_for_cpu',
  'dma_sync_sg_for_device',
  'dma_alloc',
  'dma_alloc_pages',
  'dma_alloc_sgt',
  'dma_free',
  'dma_free_pages',
  'dma_free_sgt',
  'map',
  'unmap',
  'dma_fence_init',
  'dma_fence_emit',
  'dma_fence_enable_signal',
  'dma_fence_signaled',
  'dma_fence_wait_start',
  'dma_fence_wait_end',
  'dma_fence_destroy',
]);

/**
 * A payload read by key: the first word (the device), then `key=value` words found with indexOf and
 * numbers read in place, without splitting the payload or copying the values.
 */
class Fields {
  readonly first: string;
  private readonly s: string;
  /** Where the next word starts. */
  private cursor: number;
  constructor(payload: string) {
    this.s = payload;
    const sp = payload.indexOf(' ');
    // The same device name, again and again: reuse one string (its hash is computed once).
    if (sp === lastFirst.length && payload.startsWith(lastFirst)) this.first = lastFirst;
    else {
      this.first = sp < 0 ? payload : payload.slice(0, sp);
      lastFirst = this.first;
    }
    this.cursor = sp + 1;
  }
  has(word: string): boolean {
    return this.s.includes(` ${word}`);
  }
  /**
   * Where the value of ` key=` starts, or -1. Keys are usually read in the order the format prints
   * them: the cursor checks the next word first and searches the payload only when it is not there.
   */
  private at(key: string): number {
    const s = this.s;
    const c = this.cursor;
    if (s.startsWith(key, c) && s.charCodeAt(c + key.length) === 61 && s.charCodeAt(c - 1) === 32) {
      const v = c + key.length + 1;
      this.cursor = this.end(v) + 1;
      return v;
    }
    let needle = NEEDLES.get(key);
    if (needle === undefined) {
      needle = ` ${key}=`;
      NEEDLES.set(key, needle);
    }
    const i = s.indexOf(needle);
    return i < 0 ? -1 : i + needle.length;
  }
  private need(key: string): number {
    const i = this.at(key);
    if (i < 0) throw new BadPayload(`no ${key}=`);
    return i;
  }
  private end(from: number): number {
    const e = this.s.indexOf(' ', from);
    return e < 0 ? this.s.length : e;
  }
  opt(key: string): string | undefined {
    const i = this.at(key);
    return i < 0 ? undefined : this.s.slice(i, this.end(i));
  }
  get(key: string): string {
    const i = this.need(key);
    return this.s.slice(i, this.end(i));
  }
  hex(key: string): number {
    const i = this.need(key);
    return hexNum(this.s, i, this.end(i), key);
  }
  dec(key: string): number {
    const i = this.need(key);
    return decNum(this.s, i, this.end(i), key);
  }
  dir(): Dir {
    const i = this.need('dir');
    const e = this.end(i);
    for (const d of DIRS) if (e - i === d.length && this.s.startsWith(d, i)) return d;
    throw new BadPayload(`dir=${this.s.slice(i, e)} is not a DMA direction`);
  }
  optDir(): Dir | null {
    return this.at('dir') < 0 ? null : this.dir();
  }
  array(key: string): number[] {
    const s = this.s;
    const i = this.need(key);
    const e = this.end(i);
    if (s.charCodeAt(i) !== 123 || s.charCodeAt(e - 1) !== 125) throw new BadPayload(`${key}= is not {..}`);
    const out: number[] = [];
    let from = i + 1;
    while (from < e - 1) {
      let to = s.indexOf(',', from);
      if (to < 0 || to > e - 1) to = e - 1;
      const isHex = s.charCodeAt(from) === 48 && s.charCodeAt(from + 1) === 120;
      out.push(isHex ? hexNum(s, from, to, key) : decNum(s, from, to, key));
      from = to + 1;
    }
    return out;
  }
}

/** The first word of the previous payload. */
let lastFirst = '\u0000';

/** ` key=` for each key looked up: built once, not at every line. */
const NEEDLES = new Map<string, string>();

const FENCE = /^driver=(.*) timeline=(.*) context=(\d+) seqno=(\d+)$/;

/** `%llx` or `0x%llx` in s[from, to): DMA_MAPPING_ERROR (16 digits f) is -1, never a real address. */
function hexNum(s: string, from: number, to: number, key: string): number {
  if (s.charCodeAt(from) === 48 && (s.charCodeAt(from + 1) | 32) === 120) from += 2;
  const n = to - from;
  if (n < 1 || n > 16) throw new BadPayload(`${key}=${s.slice(from, to)} is not hexadecimal`);
  let v = 0;
  let allF = n === 16;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) | 32; // lower case
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else throw new BadPayload(`${key}=${s.slice(from, to)} is not hexadecimal`);
    if (d !== 15) allF = false;
    v = v * 16 + d;
  }
  return allF ? -1 : v;
}

/** `%d`, `%u`, `%zu` in s[from, to). */
function decNum(s: string, from: number, to: number, key: string): number {
  if (to <= from || to - from > 15) throw new BadPayload(`${key}=${s.slice(from, to)} is not a decimal number`);
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new BadPayload(`${key}=${s.slice(from, to)} is not a decimal number`);
    v = v * 10 + d;
  }
  return v;
}

/** `nents=%d/%d`: the full count (after the slash). */
function fullCount(f: Fields, key: string): number | null {
  const v = f.opt(key);
  if (v === undefined) return null;
  const slash = v.indexOf('/');
  const full = slash < 0 ? v : v.slice(slash + 1);
  if (!/^\d+$/.test(full)) throw new BadPayload(`${key}=${v}`);
  return Number(full);
}

/** `iova=0x%016llx - 0x%016llx`: the words after `IOMMU:`. */
function iommuIova(f: Fields): number {
  return f.hex('iova');
}

/**
 * The event a known event name and its payload describe; null when the event is a failure that
 * leaves nothing to track. Throws BadPayload when the payload does not fit the format.
 */
export function parseEvent(name: string, payload: string): TraceEvent | null {
  const f = new Fields(payload);
  switch (name) {
    case 'dma_map_page':
    case 'dma_map_phys':
    case 'dma_map_resource': {
      const dir = f.dir();
      const dma = f.hex('dma_addr');
      const size = f.dec('size');
      const phys = f.hex('phys_addr');
      if (dma === -1) return null; // the map failed: DMA_MAPPING_ERROR
      return { kind: 'map', fn: name, dev: f.first, dir, dma, size, phys, attrs: f.opt('attrs') ?? '' };
    }
    case 'dma_unmap_page':
    case 'dma_unmap_phys':
    case 'dma_unmap_resource':
      return { kind: 'unmap', fn: name, dev: f.first, dir: f.dir(), dma: f.hex('dma_addr'), size: f.dec('size') };
    case 'dma_map_sg': {
      const dmas = f.array('dma_addrs');
      const sizes = f.array('sizes');
      const phys = f.array('phys_addrs');
      if (dmas.length !== sizes.length) throw new BadPayload('dma_addrs and sizes differ in length');
      return {
        kind: 'map_sg',
        dev: f.first,
        dir: f.dir(),
        nents: fullCount(f, 'nents') ?? phys.length,
        ents: fullCount(f, 'ents') ?? dmas.length,
        truncated: f.has('[TRUNCATED]'),
        dmas,
        sizes,
        phys,
        attrs: f.opt('attrs') ?? '',
      };
    }
    case 'dma_unmap_sg':
      return { kind: 'unmap_sg', dev: f.first, dir: f.dir(), phys: f.array('phys_addrs') };
    case 'dma_sync_single_for_cpu':
    case 'dma_sync_single_for_device':
      return {
        kind: 'sync',
        forCpu: name.endsWith('cpu'),
        dev: f.first,
        dir: f.dir(),
        dma: f.hex('dma_addr'),
        size: f.dec('size'),
      };
    case 'dma_sync_sg_for_cpu':
    case 'dma_sync_sg_for_device': {
      const dmas = f.array('dma_addrs');
      const sizes = f.array('sizes');
      if (dmas.length !== sizes.length) throw new BadPayload('dma_addrs and sizes differ in length');
      return { kind: 'sync_sg', forCpu: name.endsWith('cpu'), dev: f.first, dir: f.dir(), dmas, sizes };
    }
    case 'dma_alloc':
    case 'dma_alloc_pages':
    case 'dma_alloc_sgt': {
      const dma = f.hex('dma_addr');
      const virt = f.opt('virt_addr');
      // dma_alloc_class stores dma_addr 0 when virt_addr is NULL (`%p` of NULL: "0000000000000000" or "(null)").
      const failed = dma === -1 || (virt !== undefined && (/^0+$/.test(virt) || virt === '(null)'));
      return { kind: 'alloc', fn: name, dev: f.first, dir: f.optDir(), dma, size: f.dec('size'), failed };
    }
    case 'dma_free':
    case 'dma_free_pages':
    case 'dma_free_sgt':
      return { kind: 'free', fn: name, dev: f.first, dir: f.optDir(), dma: f.hex('dma_addr'), size: f.dec('size') };
    case 'map':
      if (f.first !== 'IOMMU:') return null; // another system's `map` event
      return { kind: 'iommu_map', iova: iommuIova(f), size: f.dec('size'), paddr: f.hex('paddr') };
    case 'unmap':
      if (f.first !== 'IOMMU:') return null;
      return { kind: 'iommu_unmap', iova: iommuIova(f), size: f.dec('size'), unmapped: f.dec('unmapped_size') };
    case 'dma_fence_init':
    case 'dma_fence_emit':
    case 'dma_fence_enable_signal':
    case 'dma_fence_signaled':
    case 'dma_fence_wait_start':
    case 'dma_fence_wait_end':
    case 'dma_fence_destroy': {
      // Driver and timeline names may hold spaces: match the whole format.
      const m = FENCE.exec(payload);
      if (m === null) throw new BadPayload('not driver=%s timeline=%s context=%u seqno=%u');
      return {
        kind: 'fence',
        fn: name,
        driver: m[1] ?? '',
        timeline: m[2] ?? '',
        context: Number(m[3]),
        seqno: Number(m[4]),
      };
    }
    default:
      throw new Error(`parseEvent: ${name} is not in KNOWN_EVENTS`); // the caller filters on KNOWN_EVENTS
  }
}
