import xxhash from 'xxhash-wasm';
import {
  type Ctx,
  type Fence,
  type Mapping,
  NONE,
  type Obj,
  type Page,
  type SgTable,
  type World,
} from '../model/index.ts';
import { Ranks } from './ranks.ts';

/** xxHash64 of bytes with a seed (xxhash-wasm's `h64Raw`). */
export type H64 = (input: Uint8Array, seed?: bigint) => bigint;

/** Loads the hash function (a WebAssembly module: asynchronous once, synchronous after). */
export async function loadHasher(): Promise<H64> {
  return (await xxhash()).h64Raw;
}

/**
 * State identity without history: a canonical encoding of a world as 32-bit integers, hashed to 64
 * bits. Two worlds with the same encoding behave the same under every future sequence of ops (that
 * is what makes it sound to visit each only once); history the world carries for reports is left
 * out, so that states reached by different orders of the same ops merge.
 *
 * Left out (report-only, never read by a step or an invariant's verdict): `world.step`, `obj.touched`,
 * `obj.bindPeak` (coverage), `page.gen` (written, never read), where and step of held locks and of
 * lockdep dependencies, `mapping.step`, `debug.disabledAt`, `iommu.failures`, the signaled fences of a reservation (inert); lockdep's dependency
 * table is encoded as the set of edges (a bit matrix), not in discovery order.
 *
 * When every context is idle (no op in flight: the quiescent states between ops, where most
 * interleavings meet), no frame register can hold an id or a counter, so the encoding also:
 * - compacts the dead: unsignaled fences (a signaled one is inert once no frame holds it), live or still-referenced mappings, unfreed or
 *   still-referenced sg tables are kept, renumbered in creation order (order is kept: the drain
 *   signals the oldest fence first, and lookups scan in creation order);
 * - makes counters relative: data versions (pages, bounce slots, `dataVer`) by rank with 0 kept
 *   (versions are only compared and fresh ones are always newer); the notifier sequences
 *   (`mm.seq`, `useq`, `pagesSeq`) by rank, keeping 0 and each value's parity (odd: an
 *   invalidation in progress); fence seqnos by rank within their timeline; a userptr work token
 *   (the step that queued it, only ever compared with the token a worker frame saved) as present.
 * While an op is in flight the registers (`seq`, `i`, `list`, ...) may hold any of these, so the
 * encoding is then exact (history fields still left out): sound, merging less.
 */
export class Fingerprinter {
  /** xxHash64 (`loadHasher`). */
  private readonly h64: H64;
  private buf = new Int32Array(4096);
  private n = 0;
  private readonly names = new Map<string, number>();
  // Per encoding: old id -> canonical id, NONE when dropped.
  private fenceMap: Int32Array = new Int32Array(0);
  private mapMap: Int32Array = new Int32Array(0);
  private sgMap: Int32Array = new Int32Array(0);
  // Per encoding: the ranks of the data versions and of the notifier sequences.
  private readonly versions = new Ranks();
  private readonly seqs = new Ranks();
  private readonly markBufs: Uint8Array[] = [new Uint8Array(64), new Uint8Array(64), new Uint8Array(64)];

  constructor(h64: H64) {
    this.h64 = h64;
  }

  /** The canonical encoding of `w` (a view of an internal buffer, valid until the next call). */
  encode(w: World): Int32Array {
    this.n = 0;
    let idle = true;
    for (const c of w.contexts) if (c.stack.length > 0) idle = false;
    if (idle) this.canonicalMaps(w);
    this.pages(w, idle);
    this.objects(w, idle);
    for (const v of w.vmas) {
      this.w(v.obj);
      this.w(v.vm);
      this.w(v.bound ? 1 : 0);
      this.w(v.pin);
      this.w(v.active);
      this.list(v.ptes);
      this.list(v.ptePages);
    }
    this.w(-2);
    this.w(idle ? 1 : 0);
    for (const s of w.sgs) if (!idle || (this.sgMap[s.id] as number) !== NONE) this.sg(s, idle);
    this.w(-3);
    for (const m of w.mappings) if (!idle || (this.mapMap[m.id] as number) !== NONE) this.mapping(m, idle);
    this.w(-4);
    for (const d of w.iommus) {
      // The IOVA space's owners, sparse: (IOVA page, mapping) for each owned page, then the end.
      this.w(d.used);
      this.w(d.owner.length);
      const owner = d.owner;
      for (let i = 0; i < owner.length; i++) {
        const o = owner[i] as number;
        if (o === NONE) continue;
        this.w(i);
        this.w(idle ? (this.mapMap[o] as number) : o);
      }
      this.w(-9);
      // A lazy domain's flush queue: (IOVA page, page) pairs the IOTLB still translates.
      this.w(d.lazy ? 1 : 0);
      this.list(d.fq);
    }
    this.w(w.debug.used);
    this.w(w.debug.disabled ? 1 : 0);
    this.list(w.debug.cachelines);
    this.w(w.debug.sg ? 1 : 0);
    this.w(-5);
    for (const f of w.fences) if (!idle || (this.fenceMap[f.id] as number) !== NONE) this.fence(f, idle);
    this.w(-6);
    // A reservation's signaled fences are inert (`resvIdle` skips them, and a fence never
    // unsignals): only the unsignaled ones, with their usages, are state.
    for (const r of w.resvs) {
      this.w(r.owner);
      for (let i = 0; i < r.fences.length; i++) {
        const f = r.fences[i] as number;
        if (w.fences[f]?.signaled !== false) continue;
        this.w(idle ? (this.fenceMap[f] as number) : f);
        this.w(r.usages[i] as number);
      }
      this.w(-8);
    }
    for (const m of w.mutexes) {
      this.w(m.owner);
      this.w(m.cls);
    }
    for (const c of w.contexts) this.context(c);
    // Lockdep: the set of dependency edges, as a bit matrix.
    const dep = w.lockdep.dep;
    let bits = 0;
    for (let i = 0; i < dep.length; i++) {
      if ((dep[i] as number) !== NONE) bits |= 1 << (i & 31);
      if ((i & 31) === 31 || i === dep.length - 1) {
        this.w(bits);
        bits = 0;
      }
    }
    const mm = w.mm;
    this.list(mm.slots);
    this.w(mm.mmapReaders);
    this.w(mm.mmapWriter);
    this.w(this.seq(mm.seq, idle));
    this.w(mm.invStart);
    this.w(mm.invEnd);
    this.w(idle ? this.ver(w.dataVer) : w.dataVer);
    this.w(-7);
    for (const b of w.dmabufs) {
      this.w(b.obj);
      this.w(b.resv);
      this.w(this.sgRef(b.cachedSg, idle));
      this.list(b.attachments);
    }
    for (const a of w.attachments) {
      this.w(a.buf);
      this.w(a.dev);
      this.w(a.dynamic ? 1 : 0);
      this.w(this.sgRef(a.sg, idle));
      this.w(a.pinned ? 1 : 0);
      this.w(a.valid ? 1 : 0);
      this.w(a.detached ? 1 : 0);
      this.list(a.ptes);
    }
    return this.buf.subarray(0, this.n);
  }

  /** Appends one number (growing the buffer: rarely, it is kept from one encoding to the next). */
  private w(x: number): void {
    if (this.n === this.buf.length) {
      const b = new Int32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.n++] = x;
  }

  private list(xs: readonly number[]): void {
    this.w(xs.length);
    for (const x of xs) {
      this.w(x);
    }
  }

  private canonicalMaps(w: World): void {
    const keepSg = this.marks(0, w.sgs.length);
    const keepMap = this.marks(1, w.mappings.length);
    const keepFence = this.marks(2, w.fences.length);
    // (The marks are scratch buffers longer than the arrays: only their first entries are read.)
    for (const f of w.fences) if (!f.signaled) keepFence[f.id] = 1;
    for (const o of w.objects) if (o.sg !== NONE) keepSg[o.sg] = 1;
    for (const a of w.attachments) if (a.sg !== NONE) keepSg[a.sg] = 1;
    for (const b of w.dmabufs) if (b.cachedSg !== NONE) keepSg[b.cachedSg] = 1;
    for (const s of w.sgs) if (!s.freed) keepSg[s.id] = 1;
    for (const d of w.iommus) {
      const owner = d.owner;
      for (let i = 0; i < owner.length; i++) {
        const o = owner[i] as number;
        if (o !== NONE) keepMap[o] = 1;
      }
    }
    for (const m of w.mappings) if (m.live) keepMap[m.id] = 1;
    // A kept table's DMA fields name the mapping they hold (stale after an unmap: that is state).
    for (const s of w.sgs) if (keepSg[s.id] === 1 && s.dma !== NONE) keepMap[s.dma] = 1;
    for (const m of w.mappings) if (keepMap[m.id] === 1) keepSg[m.sg] = 1;
    this.sgMap = renumber(keepSg, w.sgs.length, this.sgMap);
    this.mapMap = renumber(keepMap, w.mappings.length, this.mapMap);
    this.fenceMap = renumber(keepFence, w.fences.length, this.fenceMap);
    this.rankCounters(w);
    const kept = this.keptFences;
    kept.length = 0;
    for (const f of w.fences) if ((this.fenceMap[f.id] as number) !== NONE) kept.push(f);
  }

  /** Scratch marks (kept from one encoding to the next), `n` of them cleared. */
  private marks(which: number, n: number): Uint8Array {
    let m = this.markBufs[which] as Uint8Array;
    if (m.length < n) {
      m = new Uint8Array(Math.max(n, m.length * 2));
      this.markBufs[which] = m;
    }
    m.fill(0, 0, n);
    return m;
  }

  /** Ranks every data version (pages, bounce slots, the counter) and every notifier sequence. */
  private rankCounters(w: World): void {
    const v = this.versions;
    v.clear();
    v.add(w.dataVer);
    for (const p of w.pages) {
      v.add(p.ver);
      v.add(p.cache);
      v.add(p.devVer);
      v.add(p.cpuVer);
    }
    for (const m of w.mappings) if (m.bounce !== null) for (const x of m.bounce) v.add(x);
    v.rank();
    const q = this.seqs;
    q.clear();
    q.add(w.mm.seq);
    for (const o of w.objects) {
      q.add(o.useq);
      q.add(o.pagesSeq);
    }
    q.rank();
  }

  private ver(v: number): number {
    return this.versions.of(v);
  }

  private seq(v: number, idle: boolean): number {
    // Rank r becomes 2r + parity: order kept, and an odd sequence (an invalidation in progress) stays odd.
    return !idle || v <= 0 ? v : 2 * this.seqs.of(v) + (v & 1);
  }

  private sgRef(s: number, idle: boolean): number {
    return idle && s !== NONE ? (this.sgMap[s] as number) : s;
  }

  private pages(w: World, idle: boolean): void {
    // No closure here: this runs for every state (and tsx wraps every closure it creates).
    for (const p of w.pages as readonly Page[]) {
      this.w(p.obj);
      this.w(
        (p.free ? 1 : 0) | (p.dirty ? 2 : 0) | (p.accessed ? 4 : 0) | (p.coherent ? 8 : 0) | (p.cpuDirty ? 16 : 0),
      );
      this.w(p.maps);
      this.w(p.refs);
      this.w(p.ptes);
      this.w(p.busy);
      this.w(idle ? this.ver(p.ver) : p.ver);
      this.w(idle ? this.ver(p.cache) : p.cache);
      this.w(idle ? this.ver(p.devVer) : p.devVer);
      this.w(idle ? this.ver(p.cpuVer) : p.cpuVer);
    }
    this.list(w.freePages);
  }

  private objects(w: World, idle: boolean): void {
    for (const o of w.objects as readonly Obj[]) {
      this.w(this.intern(o.backing));
      this.w(o.npages);
      this.w(o.resv);
      this.w(o.live ? 1 : 0);
      this.w(o.handles);
      this.w(o.refs);
      this.w(this.sgRef(o.sg, idle));
      this.w(o.pagesPin);
      this.w(o.pinDisplay);
      this.w(o.bindCount);
      this.w(o.madv);
      this.list(o.vmas);
      this.w(o.dmabuf);
      this.w(o.ustart);
      this.w(this.seq(o.useq, idle));
      this.w(idle && o.work !== NONE ? 1 : o.work);
      this.w(o.workKind);
      this.list(o.workPages);
      this.w(this.seq(o.pagesSeq, idle));
      this.w(o.dirty ? 1 : 0);
      this.w(o.liveMaps);
      this.w(o.active);
    }
    this.w(-1);
  }

  private sg(s: SgTable, idle: boolean): void {
    this.w(s.obj);
    this.w(s.nents);
    this.w(s.att);
    this.w(idle && s.dma !== NONE ? (this.mapMap[s.dma] as number) : s.dma);
    this.w(s.freed ? 1 : 0);
    this.list(s.pages);
    this.list(s.segs);
  }

  private mapping(m: Mapping, idle: boolean): void {
    const kind = m.kind === 'sg' ? 0 : m.kind === 'single' ? 1 : 2;
    this.w(m.dev);
    this.w(this.sgRef(m.sg, idle));
    this.w(m.obj);
    this.w(m.iova);
    this.w(m.npages);
    this.w(kind);
    this.w(m.att);
    this.w(m.nents);
    this.w(m.mappedEnts);
    this.w(m.dir);
    this.w(m.attrs);
    this.w((m.live ? 1 : 0) | (m.errChecked ? 2 : 0));
    this.list(m.addrs);
    this.list(m.segs);
    if (m.bounce === null) {
      this.w(NONE);
    } else {
      this.w(m.bounce.length);
      for (const v of m.bounce) {
        this.w(idle ? this.ver(v) : v);
      }
    }
    this.w(m.devWrote.length);
    for (const b of m.devWrote) {
      this.w(b ? 1 : 0);
    }
  }

  private fence(f: Fence, idle: boolean): void {
    let seqno = f.seqno;
    if (idle) {
      // Rank within the timeline among the kept fences (creation order is seqno order there).
      seqno = 0;
      for (const g of this.keptFences) if (g.context === f.context && g.seqno < f.seqno) seqno++;
    }
    this.w(f.context);
    this.w(seqno);
    this.w(f.signaled ? 1 : 0);
    this.w(f.signalCalls);
    this.w(f.write ? 1 : 0);
    this.list(f.vmas);
    this.list(f.pages);
  }

  private keptFences: Fence[] = [];

  private context(c: Ctx): void {
    this.w(c.blocked ? 1 : 0);
    this.w(c.ref);
    this.w(c.held.length);
    this.w(c.stack.length);
    for (const h of c.held) {
      this.w(h.cls);
      this.w(h.inst);
      this.w((h.trylock ? 1 : 0) | (h.read ? 2 : 0));
    }
    for (const f of c.stack) {
      this.w(this.intern(f.prog));
      this.w(f.pc);
      this.w(f.obj);
      this.w(f.vm);
      this.w(f.arg);
      this.w(f.vma);
      this.w(f.fence);
      this.w(f.i);
      this.w(f.seq);
      this.w(f.ret);
      this.list(f.list);
    }
  }

  /**
   * A number for a name (a program, a backing kind): its FNV-1a hash, the same in every
   * fingerprinter (the workers of a parallel search each have their own, and their encodings must
   * agree: a number in discovery order would not). Two names with one hash would merge states that
   * differ: refused.
   */
  private intern(name: string): number {
    let id = this.names.get(name);
    if (id === undefined) {
      id = fnv1a(name);
      for (const [other, v] of this.names) {
        if (v === id) throw new Error(`fingerprint: names ${other} and ${name} hash alike`);
      }
      this.names.set(name, id);
    }
    return id;
  }

  /** The 64-bit hash of the encoding (xxHash64), as two unsigned 32-bit halves in `out`. */
  hash(w: World, out: Uint32Array): void {
    const e = this.encode(w);
    const h = this.h64(new Uint8Array(e.buffer, e.byteOffset, e.byteLength), 0n);
    out[0] = Number(h & 0xffffffffn);
    out[1] = Number(h >> 32n);
  }
}

/** FNV-1a, 32 bits, of a string's UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The first `n` ids renumbered 0, 1, ... in order where kept, the others NONE (into `into` when it is large enough). */
function renumber(keep: Uint8Array, n: number, into: Int32Array): Int32Array {
  const out = into.length >= n ? into : new Int32Array(Math.max(n, into.length * 2));
  let k = 0;
  for (let i = 0; i < n; i++) out[i] = keep[i] === 1 ? k++ : NONE;
  return out;
}
