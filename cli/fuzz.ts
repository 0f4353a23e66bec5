import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { type FinalPass, fuzzPolicy, owns, type Shard } from '../fuzz/index.ts';
import { configFor, opSpecsOf, PLATFORM_NAMES, type Platform, type Policy, type WorldConfig } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { fuzzJson, fuzzText } from '../reports/index.ts';
import { bfsFinalPass, loadHasher } from '../verify/index.ts';
import { ensureDir, writeFlagFile } from './files.ts';
import { type Fuzzed, saveRegressions, writeFtrace, writeFuzzJunit, writeReports } from './fuzz-files.ts';
import { type Io, intArg, UsageError } from './io.ts';
import { builtinPolicy, policyFromFile } from './load-policy.ts';
import { checkPlatformFlags, platformsFor } from './platform-arg.ts';
import { progressBar } from './progress.ts';
import { shardArg } from './shard-arg.ts';
import { fuzzShardJson, shardText } from './shard-json.ts';
import { matrixVerdict, summaryText, type Verdict, verdict } from './verdict.ts';

interface FuzzFlags {
  policy?: string;
  policyFile?: string;
  all?: boolean;
  seed?: number;
  runs: number;
  maxOps: number;
  guided?: number;
  json?: boolean;
  out?: string;
  saveRegression?: string | true;
  junit?: string;
  ftrace?: string;
  iovaPages?: number;
  debugEntries?: number;
  platform?: string;
  platformFile?: string;
  shard?: Shard;
  shrink: 'bfs' | 'local';
}

export const DEFAULT_RUNS = 2000;
/** Where `--save-regression` writes when given no directory: the traces `npm test` replays. */
export const REGRESSIONS_DIR = 'regressions';

export function fuzzCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('fuzz')
    .description(
      'fuzz a policy against every invariant; exit 1 on a violation, 0 when clean.\n' +
        'With --all, fuzz every built-in policy and exit 0 when each breaks exactly what it declares.\n' +
        'Ctrl-C stops the search and still prints and writes what was found; with nothing found it exits 3.',
    )
    .option('--policy <name>', 'a built-in policy (see: dmacheck list)')
    .option('--policy-file <path>', "a module exporting your own policy (default export or 'policy')")
    .option('--all', 'every built-in policy, checked against its declared expectations')
    .option('--seed <n>', 'campaign seed (default: random, printed)', intArg(-(2 ** 31), 2 ** 31 - 1))
    .option('--runs <n>', 'runs per search phase', intArg(1, 1e9), DEFAULT_RUNS)
    .option('--max-ops <n>', 'longest generated op sequence', intArg(1, 1000), 24)
    .option(
      '--guided <n>',
      'runs of the coverage-guided phase after the random one (default: a twentieth of --runs; 0: none)',
      intArg(0, 1e9),
    )
    .option(
      '--iova-pages <n>',
      "IOVA space of each IOMMU domain, in pages (default 256, or the policy's)",
      intArg(1, 4096),
    )
    .option('--debug-entries <n>', "DMA-API debug table entries (default 4096, or the policy's)", intArg(1, 1 << 16))
    .option(
      '--platform <name>',
      `the machine to check on: ${PLATFORM_NAMES.join(', ')}; or all (each the policy's driver runs on)`,
    )
    .option('--platform-file <path>', 'check on your own machine: a platform as JSON (see model/platform)')
    .option(
      '--shrink <mode>',
      'bfs: after the local shrinking passes, a breadth-first search for a shorter counterexample (3 to 9 ops); local: those passes only',
      shrinkArg,
      'bfs',
    )
    .option('--shard <i/n>', 'run part i of n of the campaign (dmacheck merge folds the parts)', shardArg)
    .option('--json', 'machine-readable output (and no progress bar)')
    .option('--out <dir>', 'write each counterexample as <policy>--<CODE>.txt, .md, .html and .json (the trace)')
    .option('--save-regression [dir]', `write each counterexample's trace into ${REGRESSIONS_DIR}/ (or DIR)`)
    .option('--junit <file>', 'also write a JUnit XML report, one test case per policy')
    .option(
      '--ftrace <file>',
      'write the first counterexample as the ftrace log its DMA events make (dmacheck trace reads it)',
    )
    .action(async (flags: FuzzFlags) => {
      done(await fuzz(flags, io));
    });
}

async function fuzz(flags: FuzzFlags, io: Io): Promise<number> {
  const chosen = [flags.policy, flags.policyFile, flags.all].filter((x) => x !== undefined).length;
  if (chosen !== 1) throw new UsageError('give exactly one of --policy NAME, --policy-file PATH, --all');
  if (flags.ftrace !== undefined && flags.all === true)
    throw new UsageError("--ftrace writes one policy's counterexample: drop --all");
  const seed = flags.seed ?? envSeed() ?? Math.floor(Math.random() * 2 ** 31);
  const platform = checkPlatformFlags(flags);
  const everyTarget: Policy[] =
    flags.all === true
      ? Object.values(policies)
      : [flags.policy !== undefined ? builtinPolicy(flags.policy) : await policyFromFile(flags.policyFile as string)];
  // A shard of --all takes every n-th policy (with all its platforms); of one policy, every n-th
  // platform when there are several, else every n-th chunk of runs (FuzzOptions.shard).
  const machines = flags.all === true ? [] : platformsFor(everyTarget[0] as Policy, platform);
  const unit =
    flags.shard === undefined ? null : flags.all === true ? 'policies' : machines.length > 1 ? 'platforms' : 'chunks';
  const targets = unit === 'policies' ? everyTarget.filter((_, k) => owns(flags.shard, k)) : everyTarget;
  const regressions = flags.saveRegression === true ? REGRESSIONS_DIR : flags.saveRegression;
  // Loaded before Ctrl-C is listened for: the first chunk of runs starts at once, as without it.
  const finalPass = flags.shrink === 'bfs' ? bfsFinalPass(await loadHasher()) : undefined;
  const interrupt = listenForInterrupt(io);
  let runs: Fuzzed[];
  try {
    if (flags.out !== undefined) ensureDir(flags.out, '--out');
    if (regressions !== undefined) ensureDir(regressions, '--save-regression');
    runs = await search(targets, platform, seed, flags, io, interrupt.requested, unit, finalPass);
  } finally {
    interrupt.dispose();
  }
  if (interrupt.requested()) io.err('dmacheck: interrupted; printing and writing what was found\n');
  if (flags.out !== undefined) writeReports(flags.out, runs);
  if (regressions !== undefined) saveRegressions(regressions, runs);
  const verdicts = flags.all === true ? catalogueVerdicts(runs, platform !== undefined) : null;
  const shard = flags.shard;
  const units =
    unit === 'policies'
      ? targets.map((p) => p.name)
      : unit === 'platforms'
        ? machines.filter((_, k) => owns(shard, k)).map((m) => m?.name ?? 'default')
        : undefined;
  const shardField =
    shard === undefined
      ? {}
      : {
          shard: {
            command: 'fuzz',
            index: shard.index,
            count: shard.count,
            unit,
            ...(units === undefined ? {} : { units }),
            campaign: {
              target: flags.all === true ? '--all' : (everyTarget[0] as Policy).name,
              seed,
              runs: flags.runs,
              maxOps: flags.maxOps,
              platform: platform === undefined ? null : platform === 'all' ? 'all' : platform.name,
              shrink: flags.shrink,
              iovaPages: flags.iovaPages ?? null,
              debugEntries: flags.debugEntries ?? null,
            },
          },
        };
  if (flags.junit !== undefined) writeFuzzJunit(flags.junit, runs, verdicts);
  if (flags.ftrace !== undefined) writeFtrace(flags.ftrace, runs);
  if (verdicts === null) {
    const r = runs[0];
    const json = (x: Fuzzed) => (shard === undefined ? fuzzJson(x.result, opSpecsOf(x.policy)) : fuzzShardJson(x));
    if (r !== undefined && runs.length === 1 && unit !== 'platforms') {
      io.out(
        flags.json === true
          ? `${JSON.stringify({ ...json(r), ...shardField })}\n`
          : fuzzText(r.result, r.policy.expects, opSpecsOf(r.policy)),
      );
    } else if (flags.json === true) {
      io.out(`${JSON.stringify({ seed, results: runs.map(json), ...shardField })}\n`);
    } else {
      for (const x of runs) io.out(`${fuzzText(x.result, x.policy.expects, opSpecsOf(x.policy))}\n`);
      if (runs.length > 0) io.out(whereText(runs));
    }
    if (shard !== undefined && flags.json !== true) io.out(shardText(shard, unit, units));
    if (runs.some((x) => x.result.found.length > 0)) return 1;
    // Stopped before every platform or run was done: nothing is claimed.
    return interrupt.requested() || runs.some((x) => x.result.interrupted) ? EXIT_INCOMPLETE : 0;
  }
  const ran = new Set(runs.map((r) => r.policy.name));
  const notRun = targets.filter((p) => !ran.has(p.name)).map((p) => p.name);
  if (flags.json === true) {
    const results = runs.map((r) => ({
      ...(shard === undefined ? fuzzJson(r.result, opSpecsOf(r.policy)) : fuzzShardJson(r)),
      ...verdicts.find((v) => v.name === r.policy.name),
    }));
    io.out(`${JSON.stringify({ seed, results, notRun, ...shardField })}\n`);
  } else {
    for (const r of runs) io.out(`${fuzzText(r.result, r.policy.expects, opSpecsOf(r.policy))}\n`);
    io.out(summaryText(verdicts, notRun));
    if (shard !== undefined) io.out(shardText(shard, unit, units));
  }
  if (flags.out !== undefined) writeFlagFile('--out', join(flags.out, 'catalogue.txt'), summaryText(verdicts, notRun));
  // A code the policy does not declare is a failure however the search ended; a declared one not
  // reached yet is not, when Ctrl-C cut the search short (that is exit 3: incomplete).
  if (verdicts.some((v) => v.undeclared.length > 0)) return 1;
  if (interrupt.requested() || notRun.length > 0) return EXIT_INCOMPLETE;
  return verdicts.every((v) => v.asDeclared) ? 0 : 1;
}

/** Exit code 3: Ctrl-C stopped the search before it was done, so a clean result proves nothing. */
export const EXIT_INCOMPLETE = 3;

/** Ctrl-C during a search: the first one asks it to stop after the current chunk of runs (a second quits). */
export function listenForInterrupt(io: Io): { readonly requested: () => boolean; readonly dispose: () => void } {
  let stop = false;
  // Said once the progress bar is gone (a line written under it would be cleared with it).
  const unsubscribe = io.onInterrupt?.(() => {
    stop = true;
  });
  return { requested: () => stop, dispose: () => unsubscribe?.() };
}

/** Where a policy's bugs show: one row per platform it ran on. */
function whereText(runs: readonly Fuzzed[]): string {
  const rows = runs.map((x) => {
    const codes = x.result.found.map((f) => f.violation.code);
    return `  ${(x.result.platform ?? 'default').padEnd(28)} ${codes.length === 0 ? 'clean' : codes.join(' ')}`;
  });
  return `${runs[0]?.policy.name ?? ''} by platform:\n${rows.join('\n')}\n`;
}

/** One verdict per policy; with `--platform`, over the platforms it ran on, each named. */
function catalogueVerdicts(runs: readonly Fuzzed[], perPlatform: boolean): Verdict[] {
  if (!perPlatform) return runs.map((r) => verdict(r.policy, r.result));
  const out: Verdict[] = [];
  for (const r of runs) {
    if (out.some((v) => v.name === r.policy.name)) continue;
    const mine = runs.filter((x) => x.policy === r.policy);
    out.push(
      matrixVerdict(
        r.policy,
        mine.map((x) => ({ platform: x.result.platform ?? 'default', result: x.result })),
      ),
    );
  }
  return out;
}

/** Fuzzes each policy on each of its platforms in turn, with a progress bar, until done or interrupted. */
async function search(
  targets: readonly Policy[],
  platform: Platform | 'all' | undefined,
  seed: number,
  flags: FuzzFlags,
  io: Io,
  stop: () => boolean,
  unit: 'policies' | 'platforms' | 'chunks' | null,
  finalPass: FinalPass | undefined,
): Promise<Fuzzed[]> {
  const out: Fuzzed[] = [];
  const override: Partial<WorldConfig> = {
    ...(flags.iovaPages === undefined ? {} : { iovaPages: flags.iovaPages }),
    ...(flags.debugEntries === undefined ? {} : { debugEntries: flags.debugEntries }),
  };
  for (const policy of targets) {
    const machines = platformsFor(policy, platform);
    for (const [k, machine] of machines.entries()) {
      if (stop()) break;
      if (unit === 'platforms' && !owns(flags.shard, k)) continue;
      const config = configFor(policy, machine === undefined ? override : { ...override, platform: machine });
      const label = machine === undefined ? policy.name : `${policy.name} on ${machine.name}`;
      const bar = progressBar(io, label, flags.runs, flags.json !== true);
      const result = await fuzzPolicy(policy, {
        seed,
        runs: flags.runs,
        config,
        gen: { maxOps: flags.maxOps },
        ...(flags.guided === undefined ? {} : { guided: flags.guided }),
        onProgress: (done, found) => bar.update(done, found),
        shouldStop: stop,
        ...(finalPass === undefined ? {} : { finalPass }),
        ...(unit === 'chunks' && flags.shard !== undefined ? { shard: flags.shard } : {}),
      });
      bar.stop();
      out.push({ policy, result, campaign: { policy: policy.name, seed, config, maxOps: flags.maxOps } });
    }
  }
  return out;
}

function shrinkArg(value: string): 'bfs' | 'local' {
  if (value !== 'bfs' && value !== 'local') throw new InvalidArgumentError(`expected bfs or local, got "${value}".`);
  return value;
}

function envSeed(): number | undefined {
  const s = process.env.DMACHECK_SEED;
  if (s === undefined || s === '') return undefined;
  if (!/^-?\d+$/.test(s)) throw new UsageError(`DMACHECK_SEED must be an integer, got "${s}"`);
  return Number(s);
}
