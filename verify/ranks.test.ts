import { describe, expect, it } from 'vitest';
import { Ranks } from './ranks.ts';

describe('Ranks', () => {
  // Few values are sorted by insertion, many in place: both ways, with repeats, zeros and a
  // middling value gathered first (so that the first one must move).
  for (const count of [12, 48]) {
    it(`ranks ${count} values: each its place among the distinct positive ones, 0 and below themselves`, () => {
      const values = Array.from({ length: count }, (_, i) => 1000 + 7 * (((i * 37 + 5) % count) >> 1));
      values[3] = 0;
      values[4] = -1;
      const r = new Ranks();
      r.clear();
      for (const v of values) r.add(v);
      r.rank();
      const distinct = [...new Set(values.filter((v) => v > 0))].sort((a, b) => a - b);
      expect(values.map((v) => r.of(v))).toEqual(values.map((v) => (v <= 0 ? v : distinct.indexOf(v) + 1)));
    });
  }

  it('starts afresh after clear, and grows past its first buffer', () => {
    const r = new Ranks();
    r.clear();
    for (let i = 600; i > 0; i--) r.add(i * 3);
    r.rank();
    expect([r.of(3), r.of(300), r.of(1800)]).toEqual([1, 100, 600]);
    r.clear();
    r.add(50);
    r.add(20);
    r.rank();
    expect([r.of(20), r.of(50)]).toEqual([1, 2]);
  });
});
