import { BadPayload, type TraceEvent } from './events.ts';
import { decNum, Fields, Interner, key } from './fields.ts';

const K = {
  dmaAddr: key('dma_addr'),
  size: key('size'),
  physAddr: key('phys_addr'),
  attrs: key('attrs'),
  dmaAddrs: key('dma_addrs'),
  sizes: key('sizes'),
  physAddrs: key('phys_addrs'),
  nents: key('nents'),
  ents: key('ents'),
  virtAddr: key('virt_addr'),
  iova: key('iova'),
  paddr: key('paddr'),
  unmappedSize: key('unmapped_size'),
};
/** An event object of one kind with writable fields (PayloadParser refills it). */
type Refilled<K extends TraceEvent['kind']> = {
  -readonly [F in keyof Extract<TraceEvent, { kind: K }>]: Extract<TraceEvent, { kind: K }>[F];
};

const TRUNCATED = Buffer.from('[TRUNCATED]', 'latin1');
const IOMMU = Buffer.from('IOMMU:', 'latin1');

/**
 * Parses payloads in place, in the bytes of their line, by the event's kernel format: one Fields
 * reader reused for every event, names interned (see Interner), so an event costs its result
 * object and nothing else unless it is an sg event (its arrays).
 */
export class PayloadParser {
  private readonly names = new Interner();
  private readonly f = new Fields(this.names);
  /**
   * The events of the most frequent kinds, one object each, refilled at every parse (no allocation
   * per line): what parse returns is valid until its next call. The checker copies what it keeps.
   */
  private readonly ev = {
    map: {
      kind: 'map',
      fn: 'dma_map_phys',
      dev: '',
      dir: 'NONE',
      dma: 0,
      size: 0,
      phys: 0,
      attrs: '',
    } as Refilled<'map'>,
    unmap: { kind: 'unmap', fn: 'dma_unmap_phys', dev: '', dir: 'NONE', dma: 0, size: 0 } as Refilled<'unmap'>,
    sync: { kind: 'sync', forCpu: false, dev: '', dir: 'NONE', dma: 0, size: 0 } as Refilled<'sync'>,
    iommuMap: { kind: 'iommu_map', iova: 0, size: 0, paddr: 0 } as Refilled<'iommu_map'>,
    iommuUnmap: { kind: 'iommu_unmap', iova: 0, size: 0, unmapped: 0 } as Refilled<'iommu_unmap'>,
    fence: {
      kind: 'fence',
      fn: 'dma_fence_init',
      driver: '',
      timeline: '',
      context: 0,
      seqno: 0,
    } as Refilled<'fence'>,
  };

  /**
   * The event a known event name and its payload b[s, e) describe; null when the event is a
   * failure that leaves nothing to track. Throws BadPayload when the payload does not fit the format.
   */
  parse(name: string, b: Buffer, s: number, e: number): TraceEvent | null {
    const f = this.f.reset(b, s, e);
    switch (name) {
      case 'dma_map_page':
      case 'dma_map_phys':
      case 'dma_map_resource': {
        const dir = f.dir();
        const dma = f.hex(K.dmaAddr);
        const size = f.dec(K.size);
        const phys = f.hex(K.physAddr);
        if (dma === -1) return null; // the map failed: DMA_MAPPING_ERROR
        const ev = this.ev.map;
        ev.fn = name;
        ev.dev = f.first;
        ev.dir = dir;
        ev.dma = dma;
        ev.size = size;
        ev.phys = phys;
        ev.attrs = f.opt(K.attrs) ?? '';
        return ev;
      }
      case 'dma_unmap_page':
      case 'dma_unmap_phys':
      case 'dma_unmap_resource': {
        const ev = this.ev.unmap;
        ev.fn = name;
        ev.dev = f.first;
        ev.dir = f.dir();
        ev.dma = f.hex(K.dmaAddr);
        ev.size = f.dec(K.size);
        return ev;
      }
      case 'dma_map_sg': {
        const dir = f.dir();
        const nents = f.fullCount(K.nents);
        const ents = f.fullCount(K.ents);
        const truncated = ents !== null && f.next(TRUNCATED); // `ents=%d/%d%s`: right after ents=, in the format that has it
        const dmas = f.array(K.dmaAddrs);
        const sizes = f.array(K.sizes);
        const phys = f.array(K.physAddrs);
        if (dmas.length !== sizes.length) throw new BadPayload('dma_addrs and sizes differ in length');
        return {
          kind: 'map_sg',
          dev: f.first,
          dir,
          nents: nents ?? phys.length,
          ents: ents ?? dmas.length,
          truncated,
          dmas,
          sizes,
          phys,
          attrs: f.opt(K.attrs) ?? '',
        };
      }
      case 'dma_unmap_sg':
        return { kind: 'unmap_sg', dev: f.first, dir: f.dir(), phys: f.array(K.physAddrs) };
      case 'dma_sync_single_for_cpu':
      case 'dma_sync_single_for_device': {
        const ev = this.ev.sync;
        ev.forCpu = name === 'dma_sync_single_for_cpu';
        ev.dev = f.first;
        ev.dir = f.dir();
        ev.dma = f.hex(K.dmaAddr);
        ev.size = f.dec(K.size);
        return ev;
      }
      case 'dma_sync_sg_for_cpu':
      case 'dma_sync_sg_for_device': {
        const dir = f.dir();
        const dmas = f.array(K.dmaAddrs);
        const sizes = f.array(K.sizes);
        if (dmas.length !== sizes.length) throw new BadPayload('dma_addrs and sizes differ in length');
        return { kind: 'sync_sg', forCpu: name === 'dma_sync_sg_for_cpu', dev: f.first, dir, dmas, sizes };
      }
      case 'dma_alloc':
      case 'dma_alloc_pages':
      case 'dma_alloc_sgt': {
        const dir = f.optDir();
        const dma = f.hex(K.dmaAddr);
        const size = f.dec(K.size);
        // dma_alloc_class stores dma_addr 0 when virt_addr is NULL (`%p` of NULL: "0000000000000000" or "(null)").
        const failed = dma === -1 || f.nullPointer(K.virtAddr);
        return { kind: 'alloc', fn: name, dev: f.first, dir, dma, size, failed };
      }
      case 'dma_free':
      case 'dma_free_pages':
      case 'dma_free_sgt':
        return {
          kind: 'free',
          fn: name,
          dev: f.first,
          dir: f.optDir(),
          dma: f.hex(K.dmaAddr),
          size: f.dec(K.size),
        };
      case 'map':
        if (!isIommu(b, s, e)) return null; // another system's `map` event
        // `iova=0x%016llx - 0x%016llx`: the first value is the start (older kernels print no end).
        {
          const ev = this.ev.iommuMap;
          ev.iova = f.hex(K.iova);
          ev.paddr = f.hex(K.paddr); // in the order printed: one search past ` - 0x..`
          ev.size = f.dec(K.size);
          return ev;
        }
      case 'unmap':
        if (!isIommu(b, s, e)) return null;
        {
          const ev = this.ev.iommuUnmap;
          ev.iova = f.hex(K.iova);
          ev.size = f.dec(K.size);
          ev.unmapped = f.dec(K.unmappedSize);
          return ev;
        }
      case 'dma_fence_init':
      case 'dma_fence_emit':
      case 'dma_fence_enable_signal':
      case 'dma_fence_signaled':
      case 'dma_fence_wait_start':
      case 'dma_fence_wait_end':
      case 'dma_fence_destroy':
        return this.fence(name, b, s, e);
      default:
        throw new Error(`parse: ${name} is not in KNOWN_EVENTS`); // the caller filters on KNOWN_EVENTS
    }
  }

  /**
   * `driver=%s timeline=%s context=%u seqno=%u`. Driver and timeline names may hold spaces: read as
   * the regular expression `^driver=(.*) timeline=(.*) context=(\d+) seqno=(\d+)$` would (greedy),
   * from the end: the numbers, then the last ` timeline=` before them.
   */
  private fence(fn: Extract<TraceEvent, { kind: 'fence' }>['fn'], b: Buffer, s: number, e: number): TraceEvent {
    const seq = lastWord(b, s, e, SEQNO);
    if (seq < 0) throw notFence();
    const ctx = lastWord(b, s, seq, CONTEXT);
    if (ctx < 0 || !startsWith(b, s, DRIVER)) throw notFence();
    const tl = lastWord(b, s + DRIVER.length - 1, ctx, TIMELINE);
    if (tl < 0) throw notFence();
    const ev = this.ev.fence;
    ev.fn = fn;
    ev.driver = this.names.get(b, s + DRIVER.length, tl);
    ev.timeline = this.names.get(b, tl + TIMELINE.length, ctx);
    ev.context = fenceNumber(b, ctx + CONTEXT.length, seq);
    ev.seqno = fenceNumber(b, seq + SEQNO.length, e);
    return ev;
  }
}

const notFence = () => new BadPayload('not driver=%s timeline=%s context=%u seqno=%u');

/** `%u` / `%llu` of a fence payload: digits only. */
function fenceNumber(b: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if ((b[i] as number) < 48 || (b[i] as number) > 57) throw notFence();
  return decNum(b, from, to, 'seqno');
}

const DRIVER = Buffer.from('driver=', 'latin1');
const TIMELINE = Buffer.from(' timeline=', 'latin1');
const CONTEXT = Buffer.from(' context=', 'latin1');
const SEQNO = Buffer.from(' seqno=', 'latin1');

function startsWith(b: Uint8Array, at: number, w: Uint8Array): boolean {
  for (let i = 0; i < w.length; i++) if (b[at + i] !== w[i]) return false;
  return true;
}

/** The last index in [s, e) where `w` (a key ending in `=`) starts and fits before e, or -1. */
function lastWord(b: Uint8Array, s: number, e: number, w: Uint8Array): number {
  for (let i = e - 1; i >= s + w.length - 1; i--) {
    if (b[i] === 61 && startsWith(b, i - w.length + 1, w)) return i - w.length + 1;
  }
  return -1;
}

function isIommu(b: Uint8Array, s: number, e: number): boolean {
  return e - s >= IOMMU.length && startsWith(b, s, IOMMU) && (e - s === IOMMU.length || b[s + IOMMU.length] === 32);
}

const shared = new PayloadParser();

/**
 * The event a known event name and its payload describe (the string form of PayloadParser.parse);
 * null when the event is a failure that leaves nothing to track. Throws BadPayload when the payload
 * does not fit the format.
 */
export function parseEvent(name: string, payload: string): TraceEvent | null {
  const b = Buffer.from(payload, 'utf8');
  const ev = shared.parse(name, b, 0, b.length);
  return ev === null ? null : { ...ev };
}
