import type { Command } from 'commander';
import { checkRegression, replayTrace, type Trace } from '../fuzz/index.ts';
import { type Platform, type Policy, platformConfig } from '../model/index.ts';
import { bugReport, bugText, type JunitCase, junitXml } from '../reports/index.ts';
import { writeFlagFile } from './files.ts';
import { type Io, UsageError } from './io.ts';
import { checkPlatformFlags, type PlatformFlags, platformsFor } from './platform-arg.ts';
import { guarded, isOwnPolicy, loadTraceFile, type PolicyOverride, policyForTrace } from './trace-input.ts';

interface ReplayFlags extends PolicyOverride, PlatformFlags {
  regression?: boolean;
  junit?: string;
}

/** One trace's outcome: a line for stdout, and whether it counts as a failure for the exit code. */
interface Outcome {
  readonly line: string;
  readonly failed: boolean;
  readonly detail: string;
}

/**
 * `dmacheck replay FILE...`: re-runs traces. Exit 1 if one still violates, 0 if all run clean, 2 on
 * a bad file. With `--regression`, each must behave as a regression trace declares (violate its
 * invariant on its policy, pass on the fix), and exit 1 says one did not.
 */
export function replayCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('replay')
    .description(
      'replay trace files: exit 1 if one still violates an invariant, 0 if all run clean, 2 on a bad file.\n' +
        'With --regression: exit 0 when each fails its policy with its invariant and passes the fixed policy.',
    )
    .argument('<files...>', 'trace files (see regressions/README.md)')
    .option('--policy <name>', 'replay on this built-in policy instead of the one each trace names')
    .option('--policy-file <path>', 'replay on the policy this module exports')
    .option('--platform <name>', "replay on this machine (a preset, or all: each the policy's driver runs on)")
    .option('--platform-file <path>', 'replay on your own machine: a platform as JSON')
    .option('--regression', "check each trace as a regression: fails on its policy, passes on the policy's fix")
    .option('--junit <file>', 'also write a JUnit XML report, one test case per trace')
    .action(async (files: string[], flags: ReplayFlags) => {
      if (flags.regression === true && (flags.policy !== undefined || flags.policyFile !== undefined)) {
        throw new UsageError('--regression replays each trace on its own policy and its fix; drop --policy');
      }
      const platform = checkPlatformFlags(flags);
      if (flags.regression === true && platform !== undefined) {
        throw new UsageError('--regression replays each trace on the machine it was found on; drop --platform');
      }
      const traces = files.map((f) => [f, loadTraceFile(f)] as const);
      const outcomes: Outcome[] = [];
      for (const [file, recorded] of traces) {
        const policy = await policyForTrace(file, recorded, flags);
        for (const machine of platformsFor(policy, platform)) {
          const trace = onPlatform(recorded, machine);
          const o = guarded(file, () =>
            flags.regression === true ? regression(file, trace, policy) : replayOne(file, trace, policy, flags),
          );
          io.out(`${o.line}\n`);
          outcomes.push(o);
        }
      }
      if (flags.junit !== undefined) writeJunit(flags.junit, flags.regression === true, files, outcomes);
      done(outcomes.some((o) => o.failed) ? 1 : 0);
    });
}

/** The trace on another machine: its config with that platform's devices, sizes and debug era. */
function onPlatform(t: Trace, p: Platform | undefined): Trace {
  return p === undefined ? t : { ...t, config: { ...t.config, ...platformConfig(p) } };
}

function replayOne(file: string, t: Trace, policy: Policy, o: PolicyOverride): Outcome {
  const own = isOwnPolicy(o, t, policy);
  const on = t.config.platform === undefined ? '' : ` on ${t.config.platform.name}`;
  const r = replayTrace(t, policy);
  if (own && r.divergence !== null) throw new UsageError(`${file}: ${r.divergence}`);
  const v = r.rec.result.violation;
  if (v === null)
    return {
      line: `${file}: clean on ${policy.name}${on} (the trace expected ${t.expect.code})`,
      failed: false,
      detail: '',
    };
  const other = v.code === t.expect.code ? '' : ` (the trace expected ${t.expect.code})`;
  return {
    line: `${file}: still violates ${v.code} on ${policy.name}${on} at step ${v.step}${other}`,
    failed: true,
    detail: bugText(bugReport(t, policy)),
  };
}

function regression(file: string, t: Trace, policy: Policy): Outcome {
  const r = checkRegression(t, policy);
  const fix = r.fix === null ? ' (no fixed twin to check)' : `; clean on its fix ${r.fix.policy}`;
  if (r.ok) return { line: `ok   ${file}: ${t.expect.code} on ${policy.name}${fix}`, failed: false, detail: '' };
  return { line: `FAIL ${file}: ${r.problems.join('; ')}`, failed: true, detail: r.problems.join('\n') };
}

function writeJunit(path: string, regression: boolean, files: readonly string[], outcomes: readonly Outcome[]): void {
  const cases: JunitCase[] = outcomes.map((o, i) => ({
    name: files[i] ?? '',
    classname: regression ? 'dmacheck.regression' : 'dmacheck.replay',
    failure: o.failed ? { message: o.line, body: o.detail } : undefined,
  }));
  writeFlagFile('--junit', path, junitXml(regression ? 'dmacheck replay --regression' : 'dmacheck replay', cases));
}
