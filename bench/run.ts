import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { breakdown } from './breakdown.ts';
import { TRACE_NOTE, traceTable, traceThroughput } from './ftrace.ts';
import { bugLengthGrowth, poolGrowth } from './growth.ts';
import { HAND_POLICY } from './hand-loop.ts';
import { machine, max, median } from './measure.ts';
import { breakdownTable, codeTimesTable, kTable, poolTable, throughputTables, timeToBugTable } from './report.ts';
import { int, rate } from './table.ts';
import { type Throughput, throughput } from './throughput.ts';
import { type CodeTimes, type Hunts, huntBoth, huntCodes } from './time-to-bug.ts';

/**
 * `npm run bench`: engine throughput beside a hand-written loop and a plain fc.commands harness,
 * time to bug for every buggy built-in policy, and cost growth; printed and written with the
 * machine to bench/RESULTS.md. BENCH_QUICK=1 shortens every measurement (a smoke run).
 * Timings live in bench/ only; no test depends on them.
 */
const quick = process.env.BENCH_QUICK === '1';
const SEED = 20150709;
const ROUNDS = quick ? 2 : 7;
const SECONDS = quick ? 0.05 : 0.4;
const SEEDS = quick ? 3 : 20;
const HUNT = { runs: 200_000, timeLimit: 10 };
const LIMIT = '200,000 runs or 10 s';

const all = Object.values(policies) as Policy[];
const log = (s: string) => process.stderr.write(`${s}\n`);
const started = performance.now();
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');

const fixedRows: { policy: string; t: Throughput }[] = [];
for (const p of all.filter((x) => x.expects.length === 0)) {
  log(`throughput: ${p.name}`);
  const t = await throughput(p, {
    seed: SEED,
    rounds: ROUNDS,
    seconds: SECONDS,
    hand: p.name === HAND_POLICY,
    fuzz: true,
  });
  fixedRows.push({ policy: p.name, t });
}

log('where the time goes');
const split = await breakdown(policies[HAND_POLICY] as Policy, SEED, ROUNDS);

const bugRows: { policy: string; dmacheck: Hunts; harness: Hunts }[] = [];
for (const p of all.filter((x) => x.expects.length > 0)) {
  log(`time to bug: ${p.name}`);
  bugRows.push({ policy: p.name, ...(await huntBoth(p, SEEDS, HUNT)) });
}

// `npm run fuzz`'s budget per phase; the smoke run a tenth of it.
const FUZZ_RUNS = quick ? 1000 : 10_000;
const codeRows: { policy: string; before: CodeTimes[]; after: CodeTimes[] }[] = [];
for (const p of all.filter((x) => x.expects.length > 0)) {
  log(`time to every code: ${p.name}`);
  const before: CodeTimes[] = [];
  const after: CodeTimes[] = [];
  // Interleaved by seed, so that a change of load hits both alike.
  for (let s = 1; s <= SEEDS; s++) {
    before.push(await huntCodes(p, s, FUZZ_RUNS, 0));
    after.push(await huntCodes(p, s, FUZZ_RUNS));
  }
  codeRows.push({ policy: p.name, before, after });
}

log('cost growth: pools');
const fixed = policies[HAND_POLICY] as Policy;
const pools = await poolGrowth(fixed, SEED, Math.max(1, ROUNDS - 2), SECONDS / 2);
log('cost growth: bug length');
const ks = await bugLengthGrowth(SEEDS, HUNT);
log('dmacheck trace: generated logs');
const traceRows = await traceThroughput(quick ? [10_000, 100_000] : [100_000, 1_000_000, 3_000_000]);

/** Whether each target holds, from the numbers above. */
function targets(): string[] {
  const hand = fixedRows.find((r) => r.policy === HAND_POLICY)?.t;
  const yes = (b: boolean) => (b ? 'met' : 'NOT met');
  const out: string[] = [];
  if (hand?.hand != null && hand.engineSame !== null) {
    const same = hand.engineSame / hand.hand;
    const fuzzSeqs = hand.engine / hand.hand;
    out.push(
      `- Engine at least half the hand loop: ${yes(same >= 0.5)} on the same sequences (${same.toFixed(2)}x); ` +
        `${yes(fuzzSeqs >= 0.5)} on fuzzing's own sequences (${fuzzSeqs.toFixed(2)}x).`,
    );
    out.push(
      `- Engine at least 10x the fc.commands harness: ${yes(hand.engine / hand.harness >= 10)} ` +
        `(${(hand.engine / hand.harness).toFixed(2)}x; the hand loop itself is ${(hand.hand / hand.harness).toFixed(2)}x).`,
    );
  }
  const hunts = bugRows.flatMap((r) => r.dmacheck.hunts);
  const firsts = bugRows.map((r) => r.dmacheck.hunts.map((h) => (h.found ? h.msTotal : Number.POSITIVE_INFINITY)));
  const medOk = firsts.every((xs) => median(xs) < 500);
  const maxOk = firsts.every((xs) => max(xs) < 5000);
  out.push(
    `- Every catalogued bug found (shrunk counterexample in hand) in a median under 0.5 s and a max under 5 s: ` +
      `${yes(medOk && maxOk && hunts.every((h) => h.found))} (worst median ` +
      `${Math.max(...firsts.map(median)).toFixed(1)} ms, worst max ${Math.max(...firsts.map(max)).toFixed(1)} ms).`,
  );
  const big = traceRows[traceRows.length - 1];
  if (big !== undefined) {
    const small = traceRows[0]?.peakHeapMb ?? big.peakHeapMb;
    out.push(
      `- \`dmacheck trace\` at least 1,000,000 lines/s on one core: ${yes(big.cpuLinesPerSec >= 1e6)} ` +
        `(${rate(big.cpuLinesPerSec)} lines/s of CPU time on ${int(big.lines)} lines); peak heap ` +
        `${small.toFixed(1)} MB at ${int(traceRows[0]?.lines ?? 0)} lines, ${big.peakHeapMb.toFixed(1)} MB at ${int(big.lines)}.`,
    );
  }
  return out;
}

const text = [
  '# dmacheck benchmarks',
  '',
  `Machine: ${machine()}; load average at start ${load}. Written by \`npm run bench\` in ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s. What each column measures, how steps are ` +
    'matched across the contenders, and the caveats: [README.md](README.md).',
  '',
  '## Targets',
  '',
  ...targets(),
  '',
  '## 1. Throughput on the fixed policies',
  '',
  `Every invariant after every step; median of ${ROUNDS} interleaved rounds of ${SECONDS} s each.`,
  '',
  throughputTables(fixedRows),
  '',
  `Where a run's time goes on ${HAND_POLICY} (CPU time per run, median of ${ROUNDS} interleaved rounds ` +
    'of 2,000 runs). A run cannot cost less than its generation, which bounds the end-to-end ratios:',
  '',
  breakdownTable(split),
  '',
  `## 2. Time to bug, ${SEEDS} seeds per buggy policy`,
  '',
  'Wall time until the first failing run and until the shrunk counterexample is in hand (dmacheck: ' +
    "fast-check's shrinking and its own minimising pass; harness: fast-check's), steps executed until " +
    `the first failure, and the shrunk length (ops or commands that ran). Budget per seed: ${LIMIT}.`,
  '',
  timeToBugTable(bugRows, SEEDS, LIMIT),
  '',
  `Time to every declared code, ${SEEDS} seeds per buggy policy (seeds 1 to ${SEEDS}), one campaign per seed at ` +
    `\`npm run fuzz\`'s budget (${int(FUZZ_RUNS)} runs a phase), stopped once every declared code is in hand: ` +
    "wall time from the start of the campaign to each code's minimised counterexample, the random phase " +
    'alone (`--guided 0`) beside the default guided phase. The guided phase starts only once a random ' +
    "phase has run its budget clean, so it changes a time only where the random phase missed the code; the policy's " +
    'own phases (the e2273302 starvation ones) run in both. "found" counts the seeds that found the code within the budget.',
  '',
  codeTimesTable(codeRows, SEEDS),
  '',
  '## 3. Cost growth',
  '',
  `Throughput (steps/s) on ${HAND_POLICY} as the pools grow (n objects and n address spaces; contexts ` +
    'are fixed by the model):',
  '',
  poolTable(pools),
  '',
  'Time to bug as the bug needs longer sequences: the fixed policy, but every bind from the k-th on ' +
    'maps the sg table again (bench/kth-bind.ts):',
  '',
  kTable(ks, SEEDS, LIMIT),
  '',
  '## 4. `dmacheck trace` on ftrace logs',
  '',
  TRACE_NOTE,
  '',
  traceTable(traceRows),
  '',
].join('\n');

process.stdout.write(text);
if (!quick) writeFileSync(new URL('./RESULTS.md', import.meta.url), text);
