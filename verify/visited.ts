/**
 * The visited set: 64-bit fingerprints in one open-addressing table (two 32-bit halves per slot,
 * linear probing, grown at half full), so a state costs 16 to 32 bytes however large the world.
 * A collision of two different states' fingerprints would make the search skip the second one
 * (a missed state, never a false violation): with 64 bits and n states the chance is about
 * n² / 2^65, under 3e-6 for ten million states.
 */
export class VisitedSet {
  private table = new Uint32Array(2 << 16);
  private mask = (1 << 16) - 1;
  size = 0;

  /** Adds a fingerprint; false when it was already there. */
  add(lo: number, hi: number): boolean {
    if (lo === 0 && hi === 0) lo = 1; // (0, 0) marks an empty slot
    const t = this.table;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const a = t[2 * i] as number;
      const b = t[2 * i + 1] as number;
      if (a === 0 && b === 0) break;
      if (a === lo >>> 0 && b === hi >>> 0) return false;
      i = (i + 1) & this.mask;
    }
    t[2 * i] = lo;
    t[2 * i + 1] = hi;
    if (++this.size * 2 > this.mask + 1) this.grow();
    return true;
  }

  /** Bytes the table holds. */
  get bytes(): number {
    return this.table.byteLength;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      const a = old[i] as number;
      const b = old[i + 1] as number;
      if (a !== 0 || b !== 0) this.add(a, b);
    }
  }
}
