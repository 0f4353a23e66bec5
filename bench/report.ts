import type { Breakdown, Cost } from './breakdown.ts';
import type { KRow, PoolRow } from './growth.ts';
import { max, median } from './measure.ts';
import { int, ms, rate, ratio, table } from './table.ts';
import type { Throughput } from './throughput.ts';
import type { CodeTimes, Hunt, Hunts } from './time-to-bug.ts';

/** The tables of bench/RESULTS.md. */

export function throughputTables(rows: readonly { policy: string; t: Throughput }[]): string {
  const rates = table(
    [
      'policy',
      'engine (fuzz sequences)',
      "engine (hand loop's sequences)",
      '(a) hand loop',
      '(b) fc.commands harness',
      'dmacheck fuzz end to end',
    ],
    rows.map(({ policy, t }) => [
      policy,
      rate(t.engine),
      rate(t.engineSame),
      rate(t.hand),
      rate(t.harness),
      rate(t.fuzz),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r'],
  );
  const ratios = table(
    [
      'policy',
      'engine / hand (same sequences)',
      'engine / hand',
      'engine / harness',
      'fuzz end to end / harness',
      'hand / harness (ceiling)',
    ],
    rows.map(({ policy, t }) => [
      policy,
      ratio(t.engineSame, t.hand),
      ratio(t.engine, t.hand),
      ratio(t.engine, t.harness),
      ratio(t.fuzz, t.harness),
      ratio(t.hand, t.harness),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r'],
  );
  return `Steps per second:\n\n${rates}\n\nRatios:\n\n${ratios}`;
}

function medMax(hs: readonly Hunt[], f: (h: Hunt) => number, fmt: (n: number) => string): string {
  const xs = hs.map(f);
  return `${fmt(median(xs))} / ${fmt(max(xs))}`;
}

/** The cells of one contender's hunts: found, first cex, with shrinking, steps, shrunk length. */
function huntCells(h: Hunts, seeds: number, limit: string): string[] {
  if (h.na !== null) return [`n/a (${h.na})`, '', '', '', ''];
  const found = h.hunts.filter((x) => x.found);
  const all = found.length === h.hunts.length;
  const cap = (s: string) => (all ? s : `${s.split(' / ')[0]} / > ${limit}`);
  const codes = [...new Set(found.map((x) => x.code))].join(', ');
  return [
    `${found.length}/${seeds} ${codes}`,
    cap(medMax(found, (x) => x.msToFirst, ms)),
    cap(medMax(found, (x) => x.msTotal, ms)),
    medMax(found, (x) => x.steps, int),
    medMax(found, (x) => x.shrunk, int),
  ];
}

const HUNT_HEAD = [
  'found (codes)',
  'first failure: median / max',
  'shrunk in hand: median / max',
  'steps to first failure: median / max',
  'shrunk length: median / max',
];

export function timeToBugTable(
  rows: readonly { policy: string; dmacheck: Hunts; harness: Hunts }[],
  seeds: number,
  limit: string,
): string {
  return table(
    ['policy', 'tool', ...HUNT_HEAD],
    rows.flatMap((r) => [
      [r.policy, 'dmacheck', ...huntCells(r.dmacheck, seeds, limit)],
      ['', 'fc.commands', ...huntCells(r.harness, seeds, limit)],
    ]),
    ['l', 'l', 'l', 'r', 'r', 'r', 'r'],
  );
}

export function poolTable(rows: readonly PoolRow[]): string {
  return table(
    [
      'objects = address spaces',
      'max ops',
      'engine',
      'hand loop',
      'fc.commands harness',
      'engine / hand',
      'engine / harness',
    ],
    rows.map(({ n, maxOps, t }) => [
      String(n),
      String(maxOps),
      rate(t.engine),
      rate(t.hand),
      rate(t.harness),
      ratio(t.engine, t.hand),
      ratio(t.engine, t.harness),
    ]),
    ['r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function kTable(rows: readonly KRow[], seeds: number, limit: string): string {
  return table(
    ['bug needs k binds', 'tool', ...HUNT_HEAD],
    rows.flatMap((r) => [
      [`k = ${r.k}`, 'dmacheck', ...huntCells(r.dmacheck, seeds, limit)],
      ['', 'fc.commands', ...huntCells(r.harness, seeds, limit)],
    ]),
    ['l', 'l', 'l', 'r', 'r', 'r', 'r'],
  );
}

export function breakdownTable(b: Breakdown): string {
  const row = (what: string, c: Cost): string[] => [
    what,
    `${c.us.toFixed(2)} µs`,
    c.steps === null ? '' : c.steps.toFixed(1),
    c.steps === null ? '' : `${((c.us * 1000) / c.steps).toFixed(0)} ns`,
  ];
  return table(
    ['per run (CPU)', 'time', 'steps', 'per step'],
    [
      row('fast-check generates a choice sequence, `prng` draw (nothing runs)', b.genChoices),
      row('fast-check generates a choice sequence, `arbitraries` draw (nothing runs)', b.genChoicesFc),
      row('dmacheck `fuzzPolicy`, end to end (`prng` draw, the default)', b.fuzz),
      row('dmacheck `fuzzPolicy`, end to end (`arbitraries` draw)', b.fuzzFc),
      row('fast-check generates an `opsArb` sequence (property tests; nothing runs)', b.genOps),
      row('the engine runs it (every invariant after every step)', b.engine),
      row('fast-check generates an `fc.commands` sequence (nothing runs)', b.genCommands),
      row('(b) fc.commands harness, end to end', b.harness),
      row('(a) hand loop, end to end', b.hand),
      row('experiment: one integer per op (bench/compact.ts), end to end', b.compact),
    ],
    ['l', 'r', 'r', 'r'],
  );
}

/** Median and max of the times of the seeds that found a code, and how many did ("-" when none). */
function codeCells(ts: readonly number[], seeds: number): string[] {
  const hit = ts.filter(Number.isFinite);
  if (hit.length === 0) return [`0/${seeds}`, '-', '-'];
  return [`${hit.length}/${seeds}`, ms(median(hit)), hit.length < seeds ? 'not found' : ms(max(hit))];
}

/** Time to every declared code, the random phase alone beside the default guided phase. */
export function codeTimesTable(
  rows: readonly { policy: string; before: readonly CodeTimes[]; after: readonly CodeTimes[] }[],
  seeds: number,
): string {
  return table(
    ['policy', 'code', 'random: found', 'median', 'max', 'with guidance: found', 'median', 'max'],
    rows.flatMap((r) =>
      Object.keys(r.before[0] ?? {}).map((code, i) => [
        i === 0 ? r.policy : '',
        code,
        ...codeCells(
          r.before.map((t) => t[code] ?? Number.POSITIVE_INFINITY),
          seeds,
        ),
        ...codeCells(
          r.after.map((t) => t[code] ?? Number.POSITIVE_INFINITY),
          seeds,
        ),
      ]),
    ),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}
