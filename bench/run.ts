import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import fc from 'fast-check';
import { fuzzPolicy } from '../fuzz/index.ts';
import { opsArb } from '../generators/index.ts';
import { type Op, type Policy, run } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';

/**
 * `npm run bench`: engine throughput and fuzzing rate, written to bench/RESULTS.md with the machine
 * it ran on. Timings live here, never in tests.
 */
const SEED = 20150709;
const fixed = policies['i915-2015-e2273302'] as Policy;

function engineThroughput(p: Policy, seqs: readonly Op[][], seconds: number) {
  const checker = makeChecker(Object.values(invariants));
  let steps = 0;
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const ops of seqs) {
      steps += run(p, ops, { checker }).steps;
      runs++;
    }
  }
  const s = (performance.now() - t0) / 1000;
  return { stepsPerSec: steps / s, runsPerSec: runs / s };
}

async function fuzzRate(p: Policy, runs: number) {
  const t0 = performance.now();
  const r = await fuzzPolicy(p, { seed: SEED, runs });
  const s = (performance.now() - t0) / 1000;
  return { stepsPerSec: r.coverage.steps / s, runsPerSec: r.runs / s };
}

const seqs = fc.sample(opsArb(), { seed: SEED, numRuns: 2000 });
engineThroughput(fixed, seqs, 1); // warm-up
const engine = engineThroughput(fixed, seqs, 3);
const fuzz = await fuzzRate(fixed, 20000);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const lines = [
  '# dmacheck benchmarks',
  '',
  `Machine: ${cpu}, ${cpus().length} cores; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| measure | policy | steps/s | runs/s |',
  '| --- | --- | ---: | ---: |',
  `| engine, pre-generated sequences, every invariant after every step | ${fixed.name} | ${fmt(engine.stepsPerSec)} | ${fmt(engine.runsPerSec)} |`,
  `| fuzzing end to end (fast-check generation included) | ${fixed.name} | ${fmt(fuzz.stepsPerSec)} | ${fmt(fuzz.runsPerSec)} |`,
  '',
];
const text = lines.join('\n');
process.stdout.write(text);
writeFileSync(new URL('./RESULTS.md', import.meta.url), text);
