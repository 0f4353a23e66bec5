import { BadPayload, DIRS, type Dir } from './events.ts';

/** A field name as bytes, built once: `key('dir')`. */
export interface Key {
  readonly name: string;
  readonly bytes: Uint8Array;
}
export const key = (name: string): Key => ({ name, bytes: Buffer.from(name, 'latin1') });

const SPACE = 32;
const EQ = 61;

/**
 * Strings read from the payloads (device, driver and timeline names, attribute lists), one string per
 * distinct byte sequence: a trace names the same few devices millions of times, so a name costs a
 * hash of its bytes and a comparison, not a new string. Bounded: cleared when it holds CAP names.
 */
export class Interner {
  private static readonly CAP = 4096;
  private readonly table = new Map<number, Interned>();
  /** The last few names returned, compared before hashing (events alternate between a few devices). */
  private readonly recent: Interned[] = [];
  private next = 0;

  get(b: Buffer, s: number, e: number): string {
    const n = e - s;
    for (const r of this.recent) if (r.bytes.length === n && same(r.bytes, b, s, e)) return r.str;
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    h = (h ^ n) | 0;
    let hit = this.table.get(h);
    if (hit === undefined || !same(hit.bytes, b, s, e)) {
      if (this.table.size >= Interner.CAP) this.table.clear();
      hit = { bytes: new Uint8Array(b.buffer, b.byteOffset + s, n).slice(), str: b.toString('utf8', s, e) };
      this.table.set(h, hit);
    }
    this.recent[this.next] = hit;
    this.next = (this.next + 1) & 3;
    return hit.str;
  }
}

interface Interned {
  readonly bytes: Uint8Array;
  readonly str: string;
}

/** Whether b[s, e) holds exactly the bytes of `k`. */
function same(k: Uint8Array, b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== k.length) return false;
  for (let i = 0; i < k.length; i++) if (b[s + i] !== k[i]) return false;
  return true;
}

/** `k` at b[at]: its bytes and then `=`. */
function keyAt(k: Uint8Array, b: Uint8Array, at: number, e: number): boolean {
  const n = k.length;
  if (at + n >= e || b[at + n] !== EQ) return false;
  for (let i = 0; i < n; i++) if (b[at + i] !== k[i]) return false;
  return true;
}

/**
 * A payload read by key in place, in the line's bytes: the first word (the device), then
 * `key=value` words, numbers read without making a string. One reader is reset for every event
 * (no allocation per line); strings come from an Interner.
 */
export class Fields {
  first = '';
  /** Where the first word ends. */
  firstEnd = 0;
  private b: Buffer = Buffer.alloc(0);
  private s = 0;
  private e = 0;
  /** Where the next word starts: keys are usually read in the order the format prints them. */
  private cursor = 0;
  private readonly names: Interner;

  constructor(names: Interner) {
    this.names = names;
  }

  /** Reads the payload b[s, e); `first` is its first word (the device). */
  reset(b: Buffer, s: number, e: number): this {
    this.b = b;
    this.s = s;
    this.e = e;
    let sp = s;
    while (sp < e && b[sp] !== SPACE) sp++;
    this.firstEnd = sp;
    this.first = this.names.get(b, s, sp);
    this.cursor = sp + 1;
    return this;
  }

  /** The payload as text (error messages only). */
  text(from = this.s, to = this.e): string {
    return this.b.toString('utf8', from, to);
  }

  /** Whether the next word (at the cursor) is `word`. */
  next(word: Uint8Array): boolean {
    const b = this.b;
    const c = this.cursor;
    if (b[c - 1] !== SPACE || c + word.length > this.e) return false;
    for (let j = 0; j < word.length; j++) if (b[c + j] !== word[j]) return false;
    return c + word.length === this.e || b[c + word.length] === SPACE;
  }

  /**
   * Where the value of ` key=` starts, or -1: the next word first, else a search of the payload.
   * Reading the value (`end`) moves the cursor past it.
   */
  private at(k: Key): number {
    const b = this.b;
    const c = this.cursor;
    const kb = k.bytes;
    if (c < this.e && b[c - 1] === SPACE && keyAt(kb, b, c, this.e)) return c + kb.length + 1;
    // Past the cursor first (a word the format puts between two keys, as iommu's ` - 0x..`), then before it.
    for (let i = c - 1; i < this.e; i++) {
      if (b[i] === SPACE && keyAt(kb, b, i + 1, this.e)) return i + 2 + kb.length;
    }
    for (let i = this.s; i < c - 1 && i < this.e; i++) {
      if (b[i] === SPACE && keyAt(kb, b, i + 1, this.e)) return i + 2 + kb.length;
    }
    return -1;
  }

  private need(k: Key): number {
    const i = this.at(k);
    if (i < 0) throw new BadPayload(`no ${k.name}=`);
    return i;
  }

  /** Where the value starting at `from` ends; the cursor moves to the word after it. */
  private end(from: number): number {
    const b = this.b;
    let i = from;
    while (i < this.e && b[i] !== SPACE) i++;
    this.cursor = i + 1;
    return i;
  }

  /** The value of an optional key as an (interned) string. */
  opt(k: Key): string | undefined {
    const i = this.at(k);
    return i < 0 ? undefined : this.names.get(this.b, i, this.end(i));
  }

  /** `%llx` or `0x%llx`, read in the same pass that finds its end (see hexNum). */
  hex(k: Key): number {
    const b = this.b;
    const i = this.need(k);
    let from = i;
    if (b[from] === 48 && ((b[from + 1] as number) | 32) === 120) from += 2;
    let v = 0;
    let j = from;
    for (; j < this.e; j++) {
      const c = b[j] as number;
      if (c === SPACE) break;
      const d = HEX[c] as number;
      if (d < 0) return hexNum(b, i, this.end(i), k.name); // throws, with the message
      v = v * 16 + d;
    }
    this.cursor = j + 1;
    // 0 or more than 16 digits, or 16 that may be all f (DMA_MAPPING_ERROR): the careful reader.
    if (j === from || j - from >= 16) return hexNum(b, i, j, k.name);
    return v;
  }

  /** `%d`, `%u`, `%zu`, read in the same pass that finds its end. */
  dec(k: Key): number {
    const b = this.b;
    const i = this.need(k);
    let v = 0;
    let j = i;
    for (; j < this.e; j++) {
      const c = b[j] as number;
      if (c === SPACE) break;
      const d = (c - 48) >>> 0;
      if (d > 9) return decNum(b, i, this.end(i), k.name); // throws, with the message
      v = v * 10 + d;
    }
    this.cursor = j + 1;
    if (j === i || j - i > 20) return decNum(b, i, j, k.name);
    return v;
  }

  dir(): Dir {
    const i = this.need(DIR);
    const e = this.end(i);
    // __print_symbolic's four names differ in length.
    const d = e - i === 13 ? DIR_BYTES[0] : e - i === 9 ? DIR_BYTES[1] : e - i === 11 ? DIR_BYTES[2] : DIR_BYTES[3];
    if (d !== undefined && same(d.bytes, this.b, i, e)) return d.dir;
    throw new BadPayload(`dir=${this.text(i, e)} is not a DMA direction`);
  }

  optDir(): Dir | null {
    return this.at(DIR) < 0 ? null : this.dir();
  }

  /** A `{0x..,0x..}` array (trace_print_array_seq), hexadecimal or decimal elements. */
  array(k: Key): number[] {
    const b = this.b;
    const i = this.need(k);
    const e = this.end(i);
    if (b[i] !== 123 || b[e - 1] !== 125) throw new BadPayload(`${k.name}= is not {..}`);
    const out: number[] = [];
    let from = i + 1;
    while (from < e - 1) {
      let to = from;
      while (to < e - 1 && b[to] !== 44) to++;
      const isHex = b[from] === 48 && b[from + 1] === 120;
      out.push(isHex ? hexNum(b, from, to, k.name) : decNum(b, from, to, k.name));
      from = to + 1;
    }
    return out;
  }

  /** `nents=%d/%d`: the full count (after the slash), or null without the key. */
  fullCount(k: Key): number | null {
    const i = this.at(k);
    if (i < 0) return null;
    const e = this.end(i);
    let slash = i;
    while (slash < e && this.b[slash] !== 47) slash++;
    return decNum(this.b, slash < e ? slash + 1 : i, e, k.name);
  }

  /** `virt_addr=%p` is NULL (`0000000000000000` or `(null)`); false without the key. */
  nullPointer(k: Key): boolean {
    const i = this.at(k);
    if (i < 0) return false;
    const e = this.end(i);
    if (same(NULL_TEXT, this.b, i, e)) return true;
    for (let j = i; j < e; j++) if (this.b[j] !== 48) return false;
    return e > i;
  }
}

const DIR = key('dir');
const DIR_BYTES = DIRS.map((dir) => ({ dir, bytes: Buffer.from(dir, 'latin1') }));
const NULL_TEXT = Buffer.from('(null)', 'latin1');

/**
 * `%llx` or `0x%llx` in b[from, to): DMA_MAPPING_ERROR (16 digits f) is -1, never a real address.
 */
export function hexNum(b: Uint8Array, from: number, to: number, name: string): number {
  if (b[from] === 48 && ((b[from + 1] as number) | 32) === 120) from += 2;
  const n = to - from;
  if (n < 1 || n > 16) throw new BadPayload(`${name}=${text(b, from, to)} is not hexadecimal`);
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = HEX[b[i] as number] as number;
    if (d < 0) throw new BadPayload(`${name}=${text(b, from, to)} is not hexadecimal`);
    v = v * 16 + d;
  }
  // Only 16 hex digits can round to 2^64: then look for all f.
  if (n === 16 && v >= 2 ** 64) {
    let allF = true;
    for (let i = from; i < to && allF; i++) allF = HEX[b[i] as number] === 15;
    if (allF) return -1;
  }
  return v;
}

/** The value of each hexadecimal digit's byte, -1 for any other byte. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[97 + i] = 10 + i;
  HEX[65 + i] = 10 + i;
}

/** `%d`, `%u`, `%zu`, `%llu` in b[from, to) (exact up to 2^53). */
export function decNum(b: Uint8Array, from: number, to: number, name: string): number {
  if (to <= from || to - from > 20) throw new BadPayload(`${name}=${text(b, from, to)} is not a decimal number`);
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = ((b[i] as number) - 48) >>> 0;
    if (d > 9) throw new BadPayload(`${name}=${text(b, from, to)} is not a decimal number`);
    v = v * 10 + d;
  }
  return v;
}

function text(b: Uint8Array, from: number, to: number): string {
  return Buffer.from(b.buffer, b.byteOffset + from, Math.max(0, to - from)).toString('utf8');
}
