import { join } from 'node:path';
import { ftraceOfTrace } from '../ftrace/index.ts';
import { type Campaign, type FuzzResult, traceBaseName, traceJson, traceOfFound } from '../fuzz/index.ts';
import { opSpecsOf, type Policy } from '../model/index.ts';
import { bugReport, fuzzText, type JunitCase, junitXml, REPORT_FORMATS } from '../reports/index.ts';
import { writeFlagFile } from './files.ts';
import { type Verdict, verdictLine } from './verdict.ts';

/** A policy fuzzed, with what the files written for it need. */
export interface Fuzzed {
  readonly policy: Policy;
  readonly result: FuzzResult;
  readonly campaign: Campaign;
}

/** `--out DIR`: every report format of every counterexample, `<policy>--<CODE>.<ext>`. */
export function writeReports(dir: string, runs: readonly Fuzzed[]): void {
  for (const { policy, result, campaign } of runs) {
    for (const f of result.found) {
      const trace = traceOfFound(f, campaign);
      const report = bugReport(trace, policy);
      for (const fmt of Object.values(REPORT_FORMATS)) {
        writeFlagFile('--out', join(dir, `${traceBaseName(trace)}.${fmt.ext}`), fmt.render(report));
      }
    }
  }
}

/** `--ftrace FILE`: the first counterexample found, as an ftrace log (nothing is written when none was). */
export function writeFtrace(path: string, runs: readonly Fuzzed[]): void {
  for (const { policy, result, campaign } of runs) {
    const f = result.found[0];
    if (f === undefined) continue;
    writeFlagFile('--ftrace', path, ftraceOfTrace(traceOfFound(f, campaign), policy));
    return;
  }
}

/** `--save-regression [DIR]`: each counterexample's trace, `<policy>--<CODE>.json`. Returns the paths. */
export function saveRegressions(dir: string, runs: readonly Fuzzed[]): string[] {
  const paths: string[] = [];
  for (const { result, campaign } of runs) {
    for (const f of result.found) {
      const trace = traceOfFound(f, campaign);
      const path = join(dir, `${traceBaseName(trace)}.json`);
      writeFlagFile('--save-regression', path, traceJson(trace));
      paths.push(path);
    }
  }
  return paths;
}

/**
 * `--junit FILE`: one test case per policy. It fails when a violation was found or, with `--all`,
 * when the policy did not behave as it declares.
 */
export function writeFuzzJunit(path: string, runs: readonly Fuzzed[], verdicts: readonly Verdict[] | null): void {
  const cases: JunitCase[] = runs.map(({ policy, result }, i) => {
    const v = verdicts?.[i];
    const failed = v === undefined ? result.found.length > 0 : !v.asDeclared;
    const message =
      v === undefined ? `violates ${result.found.map((f) => f.violation.code).join(' ')}` : verdictLine(v);
    return {
      name: policy.name,
      classname: 'dmacheck.fuzz',
      failure: failed ? { message, body: fuzzText(result, policy.expects, opSpecsOf(policy)) } : undefined,
    };
  });
  writeFlagFile('--junit', path, junitXml(verdicts === null ? 'dmacheck fuzz' : 'dmacheck fuzz --all', cases));
}
