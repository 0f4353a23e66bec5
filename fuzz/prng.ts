/**
 * A small, fast seeded PRNG (mulberry32): the guided phase's mutations draw from it, and the
 * benchmarks' hand-written baseline uses it as someone writing the loop by hand would, instead of
 * a property-testing library.
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
