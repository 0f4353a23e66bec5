import { BadPayload, DIRS, type Dir } from './events.ts';

/**
 * A payload read by key: the first word (the device), then `key=value` words found with indexOf and
 * numbers read in place, without splitting the payload or copying the values.
 */
export class Fields {
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
export function fullCount(f: Fields, key: string): number | null {
  const v = f.opt(key);
  if (v === undefined) return null;
  const slash = v.indexOf('/');
  const full = slash < 0 ? v : v.slice(slash + 1);
  if (!/^\d+$/.test(full)) throw new BadPayload(`${key}=${v}`);
  return Number(full);
}

/** `iova=0x%016llx - 0x%016llx`: the words after `IOMMU:`. */
export function iommuIova(f: Fields): number {
  return f.hex('iova');
}
