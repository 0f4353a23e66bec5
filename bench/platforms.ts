import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { opsArb } from '../generators/index.ts';
import { configFor, type Policy, run } from '../model/index.ts';
import { platformsOf } from '../policies/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';
import { median, stepsPerSec } from './measure.ts';
import { int, rate, table } from './table.ts';

/** The engine's steps per second for one policy on one of its platforms. */
export interface PlatformRow {
  readonly policy: string;
  readonly platform: string;
  readonly engine: number;
}

/**
 * Engine throughput (every invariant after every step, CPU time) of each policy on each of its
 * platforms (`platformsOf`), the platforms interleaved round by round so that a noisy machine slows
 * all alike: what the platform indirection (a device's translation, the flush queue, bouncing) costs
 * per step on each machine. Same generated sequences on every platform.
 */
export function platformThroughput(
  ps: readonly Policy[],
  seed: number,
  rounds: number,
  seconds: number,
): PlatformRow[] {
  const checker = makeChecker(Object.values(invariants));
  const out: PlatformRow[] = [];
  for (const p of ps) {
    const subjects = platformsOf(p).map((platform) => {
      const config = configFor(p, { platform });
      const seqs = fc.sample(opsArb({ config, maxOps: 24 }), { seed, numRuns: 300 });
      const work = () => {
        let steps = 0;
        for (const ops of seqs) steps += run(p, ops, { config, checker }).steps;
        return steps;
      };
      return { platform: platform.name, work, rates: [] as number[] };
    });
    for (let r = 0; r <= rounds; r++) {
      for (const s of subjects) {
        const x = stepsPerSec(s.work, r === 0 ? Math.min(0.2, seconds) : seconds);
        if (r > 0) s.rates.push(x);
      }
    }
    for (const s of subjects) out.push({ policy: p.name, platform: s.platform, engine: median(s.rates) });
  }
  return out;
}

export function platformTable(rows: readonly PlatformRow[]): string {
  return table(
    ['policy', 'platform', 'engine steps/s'],
    rows.map((r) => [r.policy, r.platform, rate(r.engine)]),
    ['l', 'l', 'r'],
  );
}

/** `npm run fuzz`'s matrix (`fuzz --all --platform all`) at `runs`, timed as a child process. */
export interface MatrixTime {
  readonly runs: number;
  readonly wallSeconds: number;
  readonly exit: number | null;
  readonly checks: number;
}

export function fuzzMatrixTime(runs: number, seed: number): MatrixTime {
  const bin = new URL('../bin/dmacheck.mjs', import.meta.url).pathname;
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [bin, 'fuzz', '--all', '--platform', 'all', '--runs', String(runs), '--seed', String(seed)],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const wallSeconds = (performance.now() - t0) / 1000;
  const checks = (r.stdout.match(/ in \d+ runs \(seed/g) ?? []).length;
  return { runs, wallSeconds, exit: r.status, checks };
}

export function matrixLine(m: MatrixTime): string {
  return (
    `\`fuzz --all --platform all --runs ${int(m.runs)}\` (what \`npm run fuzz\` runs): ${m.wallSeconds.toFixed(1)} s ` +
    `wall for ${m.checks} policy × platform campaigns, exit ${m.exit}.`
  );
}
