/**
 * Vitest helpers for a driver's own repository (`import { fuzzTest, regressionTests } from
 * 'dmacheck/vitest'`), in the style of `@fast-check/vitest`: each call registers test cases, and a
 * failure prints what a reviewer needs (seed, fast-check path, the text bug report).
 * @module dmacheck/vitest
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import {
  type Campaign,
  fuzzPolicy,
  readTrace,
  replayTrace,
  TEST_RUNS,
  TEST_SEED,
  traceOfFound,
} from '../fuzz/index.ts';
import { configFor, type Policy } from '../model/index.ts';
import type { InvariantCode } from '../properties/index.ts';
import { bugReport, bugText } from '../reports/index.ts';

/** Options of `fuzzTest`; the environment (`DMACHECK_SEED`, `DMACHECK_RUNS`) wins over them. @category Vitest */
export interface FuzzTestOptions {
  /** Campaign seed (default `DMACHECK_SEED`, else dmacheck's test seed). */
  readonly seed?: number;
  /** Runs per search phase (default `DMACHECK_RUNS`, else 2,000). */
  readonly runs?: number;
  /** Longest op sequence (default 24). */
  readonly maxOps?: number;
  /** Test timeout in ms (default 120 s). */
  readonly timeout?: number;
}

const MAX_OPS = 24;

/** The environment wins over the test file, as in `npm test`: `DMACHECK_RUNS=100000` fuzzes deeper. */
function budget(o: FuzzTestOptions): { seed: number; runs: number } {
  const env = process.env;
  return {
    seed: env.DMACHECK_SEED === undefined ? (o.seed ?? TEST_SEED) : TEST_SEED,
    runs: env.DMACHECK_RUNS === undefined ? (o.runs ?? TEST_RUNS) : TEST_RUNS,
  };
}

/**
 * One test: fuzz `policy` against every invariant. It passes when the policy breaks exactly the
 * codes it declares in `expects` (none, for a correct driver), and fails with the bug report of
 * each violation it did not declare, or the list of declared codes it did not reach.
 * @category Vitest
 */
export function fuzzTest(policy: Policy, options: FuzzTestOptions = {}): void {
  const { seed, runs } = budget(options);
  const maxOps = options.maxOps ?? MAX_OPS;
  const what = policy.expects.length === 0 ? 'breaks no invariant' : `breaks ${policy.expects.join(', ')}`;
  it(
    `${policy.name} ${what}`,
    async () => {
      const config = configFor(policy);
      const result = await fuzzPolicy(policy, { seed, runs, config, gen: { maxOps } });
      const campaign: Campaign = { policy: policy.name, seed, config, maxOps };
      const problems: string[] = [];
      for (const f of result.found) {
        if (policy.expects.includes(f.violation.code)) continue;
        const report = bugText(bugReport(traceOfFound(f, campaign), policy));
        problems.push(
          `${f.violation.code} (seed ${seed}, fast-check seed ${f.fcSeed}, path "${f.fcPath}"):\n${report}`,
        );
      }
      const codes = result.found.map((f) => f.violation.code);
      for (const c of policy.expects) {
        if (!codes.includes(c)) problems.push(`${c} declared but not found in ${result.runs} runs (seed ${seed})`);
      }
      if (problems.length > 0) throw new Error(`${policy.name}:\n\n${problems.join('\n\n')}`);
    },
    options.timeout ?? 120_000,
  );
}

/**
 * One test per trace under `dir` (`*.json`, as `dmacheck fuzz --save-regression` writes them): the
 * trace replayed on `policy`, your current driver, must run clean, with every invariant checked.
 * A bug found once stays fixed; while it is not, the test fails with its report.
 * @category Vitest
 */
export function regressionTests(dir: string, policy: Policy): void {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    files = [];
  }
  describe(`regressions in ${dir}`, () => {
    if (files.length === 0) it.skip('no saved traces yet', () => {});
    for (const file of files) {
      it(file, () => {
        const loaded = readTrace(join(dir, file));
        if (!loaded.ok) throw new Error(`${file}: ${loaded.error}`);
        const replay = replayTrace(loaded.trace, policy, { unmasked: true });
        const v = replay.rec.result.violation;
        if (v !== null) {
          const trace = { ...loaded.trace, policy: policy.name, expect: { code: v.code as InvariantCode }, mask: [] };
          throw new Error(`${file}: ${v.code} on ${policy.name}\n\n${bugText(bugReport(trace, policy))}`);
        }
      });
    }
  });
}
