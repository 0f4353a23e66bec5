/**
 * The ranks of a world's counter values (data versions, notifier sequences) for the fingerprint:
 * gather the values (`add`), then `rank()`, then `of(v)` is v's place among the distinct positive
 * ones (1, 2, ...). 0 and negatives are not counters (none, or a sentinel) and keep themselves.
 * One buffer, kept from one world to the next: nothing is allocated per state.
 */
export class Ranks {
  private values = new Float64Array(256);
  private n = 0;

  /** Starts gathering a world's values. */
  clear(): void {
    this.n = 0;
  }

  /** Gathers a value (positive ones only: the others rank as themselves). */
  add(v: number): void {
    if (v <= 0) return;
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = v;
  }

  /**
   * Sorts the values gathered and keeps the distinct ones, so that the value of rank r is at r - 1.
   * Few values (the usual case) are sorted by insertion, with no typed-array view made.
   */
  rank(): void {
    const values = this.values;
    const n = this.n;
    if (n > 32) values.subarray(0, n).sort();
    else {
      for (let i = 1; i < n; i++) {
        const v = values[i] as number;
        let j = i - 1;
        while (j >= 0 && (values[j] as number) > v) {
          values[j + 1] = values[j] as number;
          j--;
        }
        values[j + 1] = v;
      }
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (k > 0 && values[k - 1] === v) continue;
      values[k++] = v;
    }
    this.n = k;
  }

  /** The rank of `v` (a value gathered, or 0 and below: itself), by binary search. */
  of(v: number): number {
    if (v <= 0) return v;
    const values = this.values;
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }
}
