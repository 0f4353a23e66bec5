import { fuzzPolicy } from '../fuzz/index.ts';
import type { Policy } from '../model/index.ts';
import { median } from './measure.ts';
import { int, table } from './table.ts';
import { huntDmacheck, huntWhere } from './time-to-bug.ts';

/**
 * Generation. Skipped ops: the share of a campaign's generated ops that did not run (their
 * precondition failed or their context was busy), per policy, at the default sequence length and
 * at 192 ops. Counted by the engine (`Coverage.skipped` against the ops started), so the same code
 * measures any generator. And the two ways of drawing a choice sequence (`GenOptions.draw`) side by
 * side on the buggy policies: how long their counterexamples shrink to, and how long that takes.
 */
export const SKIP_LENGTHS = [24, 192] as const;

export interface SkipRow {
  readonly policy: string;
  /** Per length of `SKIP_LENGTHS`: skipped ops / generated ops. */
  readonly shares: readonly number[];
}

/** Skipped share of each policy's campaign of `runs` runs, at each length. */
export async function skipShares(ps: readonly Policy[], seed: number, runs: number): Promise<SkipRow[]> {
  const rows: SkipRow[] = [];
  for (const p of ps) {
    const shares: number[] = [];
    for (const maxOps of SKIP_LENGTHS) {
      const r = await fuzzPolicy(p, { seed, runs, gen: { maxOps } });
      const started = Object.values(r.coverage.ops).reduce((a, b) => a + b, 0);
      const generated = started + r.coverage.skipped;
      shares.push(generated === 0 ? 0 : r.coverage.skipped / generated);
    }
    rows.push({ policy: p.name, shares });
  }
  return rows;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function skipTable(rows: readonly SkipRow[]): string {
  return table(
    ['policy', ...SKIP_LENGTHS.map((n) => `skipped, up to ${n} ops`)],
    rows.map((r) => [r.policy, ...r.shares.map(pct)]),
    ['l', ...SKIP_LENGTHS.map(() => 'r' as const)],
  );
}

export interface DrawRow {
  readonly policy: string;
  /** Per draw: median shrunk length, median ms to the shrunk counterexample, seeds found. */
  readonly prng: DrawCell;
  readonly arbitraries: DrawCell;
}

export interface DrawCell {
  readonly found: number;
  readonly shrunk: number;
  readonly ms: number;
}

/** Both draws on each buggy policy, seeds 1..`seeds`, the first violation each. */
export async function drawShrinks(ps: readonly Policy[], seeds: number, runs: number): Promise<DrawRow[]> {
  const rows: DrawRow[] = [];
  for (const p of ps) {
    // On the machine its bugs show on (a bug of some machines only is not there on the default one).
    const { config } = huntWhere(p);
    const cell = async (draw: 'prng' | 'arbitraries'): Promise<DrawCell> => {
      const hs = [];
      for (let s = 1; s <= seeds; s++) hs.push(await huntDmacheck(p, s, { runs, timeLimit: 0, gen: { draw }, config }));
      const found = hs.filter((h) => h.found);
      return {
        found: found.length,
        shrunk: median(found.map((h) => h.shrunk)),
        ms: median(found.map((h) => h.msTotal)),
      };
    };
    rows.push({ policy: p.name, prng: await cell('prng'), arbitraries: await cell('arbitraries') });
  }
  return rows;
}

export function drawTable(rows: readonly DrawRow[], seeds: number): string {
  const cells = (c: DrawCell) => [`${c.found}/${seeds}`, int(c.shrunk), `${c.ms.toFixed(1)} ms`];
  return table(
    [
      'policy',
      'prng: found',
      'prng: shrunk length',
      'prng: shrunk in hand',
      'arbitraries: found',
      'arbitraries: shrunk length',
      'arbitraries: shrunk in hand',
    ],
    rows.map((r) => [r.policy, ...cells(r.prng), ...cells(r.arbitraries)]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}
