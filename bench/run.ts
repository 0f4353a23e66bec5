import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { loadHasher, SearchPool } from '../verify/index.ts';
import { breakdown } from './breakdown.ts';
import { TRACE_NOTE, traceTable, traceThroughput } from './ftrace.ts';
import { bugLengthGrowth, poolGrowth } from './growth.ts';
import { HAND_POLICY } from './hand-loop.ts';
import { machine, max, median } from './measure.ts';
import { fuzzMatrixTime, matrixLine, platformTable, platformThroughput } from './platforms.ts';
import { breakdownTable, codeTimesTable, kTable, poolTable, throughputTables, timeToBugTable } from './report.ts';
import { drawShrinks, drawTable, SKIP_LENGTHS, skipShares, skipTable } from './skips.ts';
import { int, rate, table } from './table.ts';
import { type Throughput, throughput } from './throughput.ts';
import { type CodeTimes, type Hunts, huntBoth, huntCodes, huntWhere } from './time-to-bug.ts';
import { catalogueTable, verifyCatalogue } from './verify-catalogue.ts';
import { depthGrowth, depthTable, poolGrid, poolGridTable, symmetryBounds, symmetryTable } from './verify-growth.ts';
import { RATE_POLICIES, type VerifyRate, verifyRate } from './verify-rate.ts';
import { workerRates, workerTable } from './verify-workers.ts';

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
const HUNT = { runs: 200_000, timeLimit: quick ? 2 : 10 };
const LIMIT = `200,000 runs or ${HUNT.timeLimit} s`;

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
  bugRows.push({ policy: p.name, ...(await huntBoth(p, SEEDS, { ...HUNT, config: huntWhere(p).config })) });
}

log('generation: skipped ops');
const skipRows = await skipShares(all, SEED, quick ? 100 : 2000);
log('generation: the two draws');
const drawRows = await drawShrinks(
  all.filter((x) => x.expects.length > 0),
  SEEDS,
  HUNT.runs,
);
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
log('verify: states per second');
const VERIFY_DEPTH = quick ? 3 : 4;
const verifyRows: { on: VerifyRate; off: VerifyRate }[] = [];
// A warm-up search first: the first one would otherwise pay for compiling the model's code.
await verifyRate(policies[RATE_POLICIES[0]] as Policy, 2, true);
for (const name of RATE_POLICIES) {
  const p = policies[name] as Policy;
  verifyRows.push({ off: await verifyRate(p, VERIFY_DEPTH, false), on: await verifyRate(p, VERIFY_DEPTH, true) });
}

/** The verify table: one thread, with and without sleep sets. */
function verifyTable(rows: { on: VerifyRate; off: VerifyRate }[]): string {
  return table(
    [
      'policy',
      'verdict',
      'states',
      'transitions, no POR',
      'transitions, sleep sets',
      'reduction',
      'states/s, no POR',
      'states/s, sleep sets',
      'visited set, bytes/state',
      'peak RSS, no POR / POR',
    ],
    rows.map(({ on, off }) => [
      `\`${on.policy}\``,
      on.found ?? 'verified',
      int(off.states),
      int(off.transitions),
      int(on.transitions),
      `${(off.transitions / on.transitions).toFixed(2)}x`,
      int(off.statesPerSecond),
      int(on.statesPerSecond),
      String(on.visitedBytesPerState),
      `${off.peakRssMb} / ${on.peakRssMb} MB`,
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

log('verify: two workers');
const h64 = await loadHasher();
const workerRows = await workerRates(h64, quick);
log('verify: state-space growth');
const GROWTH_LIMIT_MS = quick ? 5_000 : 60_000;
const GROWTH_DEPTH = quick ? 4 : 9;
const GRID_SIZES = quick ? [1, 2] : [1, 2, 3];
const growthPool = new SearchPool(2);
const depthRows = await depthGrowth(h64, growthPool, GROWTH_LIMIT_MS, GROWTH_DEPTH);
const gridRows = await poolGrid(h64, growthPool, 3, GRID_SIZES);
await growthPool.close();
const SYMMETRY_DEPTH = quick ? 3 : 4;
const symmetryRows = await symmetryBounds(h64, SYMMETRY_DEPTH);

log('verify: the catalogue at its default bounds');
const catalogueRows = await verifyCatalogue({ log, ...(quick ? { depth: 2 } : {}) });
log('platforms: engine throughput per platform');
const platformRows = platformThroughput(
  [policies['i915-2015-e2273302'], policies['vmwgfx-2024-4c08f01934ab']] as Policy[],
  SEED,
  ROUNDS,
  SECONDS,
);
log('platforms: the npm run fuzz matrix');
const matrix = fuzzMatrixTime(quick ? 200 : 10_000, SEED);

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
  const worstSkip = Math.max(...skipRows.flatMap((r) => r.shares));
  out.push(
    `- Skipped ops below 2% for every policy, up to ${SKIP_LENGTHS.join(' and ')} ops: ${yes(worstSkip < 0.02)} ` +
      `(worst ${(100 * worstSkip).toFixed(1)}%).`,
  );
  const fuzzRatios = fixedRows.map((r) => (r.t.fuzz ?? 0) / r.t.harness);
  out.push(
    `- \`fuzz\` end to end at least 2x the fc.commands harness on every fixed policy: ${yes(Math.min(...fuzzRatios) >= 2)} ` +
      `(${Math.min(...fuzzRatios).toFixed(2)}x to ${Math.max(...fuzzRatios).toFixed(2)}x).`,
  );
  const kSteps = (k: number) => {
    const hs = ks.find((r) => r.k === k)?.dmacheck.hunts ?? [];
    return hs.every((h) => h.found) ? median(hs.map((h) => h.steps)) : Number.POSITIVE_INFINITY;
  };
  const k8 = kSteps(8) / kSteps(2);
  out.push(
    `- Steps to first failure at k = 8 at most 10x those at k = 2 (medians): ${yes(k8 <= 10)} (${k8.toFixed(1)}x).`,
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
  const unmet = catalogueRows.filter((r) => r.verdict === 'incomplete' || r.found.length > 0 !== r.buggy);
  out.push(
    `- \`verify\`: every fixed policy verified and every buggy one caught within its default bound: ` +
      `${yes(unmet.length === 0)}${unmet.length > 0 ? ` (not: ${unmet.map((r) => r.policy).join(', ')})` : ''}.`,
  );
  out.push(
    `- \`npm run fuzz\` (the whole policy × platform matrix, 10,000 runs a phase) under 60 s on 2 cores: ` +
      `${quick ? 'not measured (BENCH_QUICK)' : yes(matrix.wallSeconds < 60 && matrix.exit === 0)} ` +
      `(${matrix.wallSeconds.toFixed(1)} s, exit ${matrix.exit}).`,
  );
  const best = Math.max(...verifyRows.map((r) => Math.max(r.on.statesPerSecond, r.off.statesPerSecond)));
  out.push(
    `- \`verify\` at least 350,000 states/s on one thread: ${yes(best >= 350_000)} (best ${int(best)} states/s).`,
  );
  const ups = workerRows.map((r) => r.noPor / r.two);
  const upsPor = workerRows.map((r) => r.por / r.two);
  out.push(
    `- \`verify --workers 2\` at least 1.7x one thread on 2 cores: ${yes(Math.min(...ups) >= 1.7)} ` +
      `(${Math.min(...ups).toFixed(2)}x to ${Math.max(...ups).toFixed(2)}x over one thread without sleep sets, ` +
      `which explores the same states; ${Math.min(...upsPor).toFixed(2)}x to ${Math.max(...upsPor).toFixed(2)}x ` +
      `over one thread with them; same states and transitions: ${workerRows.every((r) => r.same) ? 'yes' : 'NO'}).`,
  );
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
  '## 3. Generation',
  '',
  'Skipped ops: the share of the ops a campaign generated that did not run (precondition failed, ' +
    `context busy), ${quick ? 100 : 2000} runs per policy and length (\`Coverage.skipped\` against the ops started):`,
  '',
  skipTable(skipRows),
  '',
  'The two ways of drawing a choice sequence (`GenOptions.draw`): `prng` takes each choice from ' +
    "fast-check's random source, `arbitraries` composes `fc.array(fc.nat())`; both shrink with " +
    `fast-check's array shrinker. First violation of each buggy policy, ${SEEDS} seeds, medians:`,
  '',
  drawTable(drawRows, SEEDS),
  '',
  '## 4. Cost growth',
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
  '## 5. `dmacheck trace` on ftrace logs',
  '',
  TRACE_NOTE,
  '',
  traceTable(traceRows),
  '',
  '## 6. `dmacheck verify`: states per second',
  '',
  `One search per policy at ${VERIFY_DEPTH} ops, 2 objects, 2 address spaces, every ` +
    'context, preemption after up to 12 steps), one thread, without and with partial-order reduction ' +
    '(sleep sets, `--por`; off by default since they do not pay); reduction: transitions run without it over transitions run with it ' +
    '(the states are the same, or a few fewer where an op is in flight: README.md, `verify`; ' +
    'bench/verify-rate.ts).',
  '',
  verifyTable(verifyRows),
  '',
  `\`--workers 2\` against one thread on ${cpus().length} cores: each policy at a bound deep enough that a ` +
    'search takes seconds, at its own contexts and objects (`Policy.verify`), timed after a warm-up in ' +
    'each thread. Two workers explore exactly the states and transitions of one thread without sleep ' +
    'sets (parallel.ts; the last column checks it):',
  '',
  workerTable(workerRows),
  '',
  'How the state space grows with depth: states of a complete search at each depth (each policy ' +
    'at its own objects, address spaces and contexts; 2 workers), and the deepest bound it is verified at within ' +
    `${GROWTH_LIMIT_MS / 1000} s (the next depth did not finish in that time):`,
  '',
  depthTable(depthRows, GROWTH_DEPTH, GROWTH_LIMIT_MS),
  '',
  'And with objects and address spaces: states of `i915-2015-e2273302` at 3 ops, every context:',
  '',
  poolGridTable(gridRows, GRID_SIZES),
  '',
  `Symmetry reduction (not built): the most it could save at ${SYMMETRY_DEPTH} ops, every context, from the ` +
    'state counts alone (bench/verify-growth.ts `symmetryBounds`: at most the states in which two ' +
    'interchangeable objects, or two PPGTTs, both may differ merge in pairs; the GGTT is not a PPGTT, ' +
    'so at the default 2 address spaces there is no address-space symmetry). A canonical relabelling ' +
    'encodes each state once per permutation, about a quarter more time per state at 2:',
  '',
  symmetryTable(symmetryRows),
  '',
  '## 7. `dmacheck verify --all` at the default bounds',
  '',
  'Each catalogued policy within its default bound (the global one: 4 ops, 2 objects, 2 address ' +
    "spaces, every context, preemption after up to 12 steps; or the policy's own, `Policy.verify`, " +
    'where its bugs need more ops), one thread. A buggy policy is searched once per invariant it ' +
    'breaks (the ones found masked), so its states add up over the searches.',
  '',
  catalogueTable(catalogueRows),
  '',
  '## 8. Platforms',
  '',
  `Engine steps per second (every invariant, CPU time) on each platform a policy runs on, median of ${ROUNDS} ` +
    'interleaved rounds, same sequences on each: the per-step cost of the machine (IOMMU, flush queue, bouncing).',
  '',
  platformTable(platformRows),
  '',
  matrixLine(matrix),
  '',
  'The platform indirection before and after (the step loop at 2b9c162, before platforms were merged, against ' +
    'this tree) is measured across two source trees by `node --import tsx bench/ab-trees.mjs OLD NEW`, ' +
    'interleaved in one process (bench/README.md).',
  '',
].join('\n');

process.stdout.write(text);
if (!quick) writeFileSync(new URL('./RESULTS.md', import.meta.url), text);
