/**
 * A small, fast seeded PRNG (mulberry32) for the hand-written baseline: what someone writing the
 * loop by hand would reach for instead of a property-testing library.
 */
export class Prng {
  private s: number;

  constructor(seed: number) {
    this.s = seed | 0;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return this.next() % n;
  }
}
