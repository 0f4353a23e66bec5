import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { owns, traceBaseName } from '../fuzz/index.ts';
import { CONTEXTS, MAX_PREEMPT, opSpecsOf, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { bugReport, REPORT_FORMATS, verifyJson, verifyText, verifyVerdict } from '../reports/index.ts';
import {
  type Bounds,
  DEFAULT_DEPTH,
  DEFAULT_OBJECTS,
  DEFAULT_VMS,
  frontierSplit,
  loadHasher,
  type PolicySource,
  policyBounds,
  SearchPool,
  type Split,
  type VerifyResult,
  verifyPolicy,
} from '../verify/index.ts';
import { ensureDir, writeFlagFile } from './files.ts';
import { EXIT_INCOMPLETE, listenForInterrupt } from './fuzz.ts';
import { type Io, intArg, UsageError } from './io.ts';
import { builtinPolicy, policyFromFile } from './load-policy.ts';
import { checkPlatformFlags, platformsFor } from './platform-arg.ts';
import { shardArg } from './shard-arg.ts';
import { type ShardUnit, shardText, traceOfProven, verifyShardJson } from './shard-json.ts';
import { matrixVerdictOfCodes, summaryText, verdictOfCodes } from './verdict.ts';
import { parseContexts, progressLine, type VerifyFlags } from './verify-flags.ts';
import { certify } from './verify-trace.ts';

export function verifyCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('verify')
    .description(
      'check every interleaving of every op sequence up to a bound, breadth-first; exit 0 verified,\n' +
        '1 a violation (the shortest there is), 2 bad input, 3 incomplete (a budget or Ctrl-C stopped\n' +
        'the search before the bound was covered: never reported as verified).\n' +
        'With --all, every built-in policy, each checked against what it declares.',
    )
    .option('--policy <name>', 'a built-in policy (see: dmacheck list)')
    .option('--policy-file <path>', "a module exporting your own policy (default export or 'policy')")
    .option('--all', 'every built-in policy, checked against its declared expectations')
    .option(
      '--depth <n>',
      `most ops started in a sequence, resumes included (default ${DEFAULT_DEPTH}${OWN})`,
      intArg(1, 64),
    )
    .option('--objects <n>', `most objects a sequence creates (default ${DEFAULT_OBJECTS}${OWN})`, intArg(1, 16))
    .option('--vms <n>', `address spaces: the GGTT plus n-1 PPGTTs (default ${DEFAULT_VMS}${OWN})`, intArg(1, 16))
    .option('--contexts <list>', `contexts ops run in, comma-separated (default all: ${CONTEXTS.join(',')}${OWN})`)
    .option(
      '--preempt <n>',
      `an op may be preempted after each of its first n steps (default ${MAX_PREEMPT}${OWN})`,
      intArg(0, 1000),
    )
    .option('--max-states <n>', 'stop (incomplete, exit 3) after this many states', intArg(1, 2 ** 31))
    .option('--time <seconds>', 'stop (incomplete, exit 3) after this long', intArg(1, 10 ** 7))
    .option('--por', 'partial-order reduction (sleep sets): same verdicts, fewer transitions, each dearer')
    .option('--no-por', 'no partial-order reduction (the default)')
    .option(
      '--workers <n>',
      'search on n worker threads (default 1): the same states and verdicts, without sleep sets',
      intArg(1, 256),
    )
    .option('--trace <file>', "certify a trace's counterexample: search for a shorter one breaking its invariant")
    .option('--shard <i/n>', 'search part i of n (dmacheck merge folds the parts into the verdict)', shardArg)
    .option(
      '--platform <name>',
      "the machine to verify on (a preset, see README 'Platforms'), or 'all': each its driver runs on",
    )
    .option('--platform-file <path>', 'verify on your own machine: a platform as JSON (see model/platform)')
    .option('--json', 'machine-readable output (and no progress line)')
    .option('--out <dir>', 'write each counterexample as <policy>--<CODE>.txt, .md, .html and .json (the trace)')
    .action(async (flags: VerifyFlags) => {
      done(await verify(flags, io));
    });
}

const OWN = ", or the policy's own bound";

/** Where the workers load a policy from: the policy file given, or the built-in's name. */
function sourceOf(policy: Policy, flags: VerifyFlags): PolicySource {
  return flags.policyFile !== undefined ? { file: resolve(flags.policyFile) } : { name: policy.name };
}

/** The bounds a policy is verified within: each flag given, else its own bound, else the default. */
function boundsFor(policy: Policy, flags: VerifyFlags): Bounds {
  return policyBounds(policy, {
    depth: flags.depth,
    objects: flags.objects,
    vms: flags.vms,
    contexts: flags.contexts === undefined ? undefined : parseContexts(flags.contexts),
    preempt: flags.preempt,
  });
}

/**
 * The bounds that make shards parts of one run: one policy's resolved bounds; for `--all`, the
 * flags given (each policy resolves its own from them).
 */
function campaignBounds(flags: VerifyFlags, targets: readonly Policy[]): Record<string, unknown> {
  if (flags.all !== true) {
    const b = boundsFor(targets[0] as Policy, flags);
    return { ...b, contexts: b.contexts.map((c) => CONTEXTS[c]) };
  }
  const { depth, objects, vms, contexts, preempt } = flags;
  return {
    depth: depth ?? null,
    objects: objects ?? null,
    vms: vms ?? null,
    contexts: contexts ?? null,
    preempt: preempt ?? null,
  };
}

async function verify(flags: VerifyFlags, io: Io): Promise<number> {
  if (flags.trace !== undefined) return certify(flags, io);
  const given = [flags.policy, flags.policyFile, flags.all].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UsageError('give exactly one of --policy NAME, --policy-file PATH, --all');
  if (flags.contexts !== undefined) parseContexts(flags.contexts);
  const chosen = checkPlatformFlags(flags);
  const everyTarget: Policy[] =
    flags.all === true
      ? Object.values(policies)
      : [flags.policy !== undefined ? builtinPolicy(flags.policy) : await policyFromFile(flags.policyFile as string)];
  // A shard of --all takes every n-th policy; of one policy, its part of the search's frontier.
  const shard = flags.shard;
  const unit: ShardUnit | null = shard === undefined ? null : flags.all === true ? 'policies' : 'frontier';
  const targets = unit === 'policies' ? everyTarget.filter((_, k) => owns(shard, k)) : everyTarget;
  const splits: Split[] = [];
  if (flags.out !== undefined) ensureDir(flags.out, '--out');
  const h64 = await loadHasher();
  const pool = (flags.workers ?? 1) > 1 ? new SearchPool(flags.workers as number) : null;
  const interrupt = listenForInterrupt(io);
  const start = Date.now();
  const results: VerifyRun[] = [];
  let notDone = 0;
  try {
    for (const policy of targets) {
      const machines = platformsFor(policy, chosen);
      for (const machine of machines) {
        if (interrupt.requested()) {
          notDone++;
          continue;
        }
        const bounds = boundsFor(policy, flags);
        const label = machine === undefined ? policy.name : `${policy.name} on ${machine.name}`;
        const progress = progressLine(io, label, bounds.depth, flags.json !== true);
        const left = flags.time === undefined ? undefined : flags.time * 1000 - (Date.now() - start);
        const budget = {
          maxStates: flags.maxStates,
          timeMs: left,
          shouldStop: interrupt.requested,
          onProgress: progress.update,
          split:
            unit === 'frontier' && shard !== undefined
              ? frontierSplit(shard, bounds.depth, (s) => splits.push(s))
              : undefined,
          por: flags.por,
          workers: pool === null ? undefined : { pool, source: sourceOf(policy, flags) },
        };
        const result = await verifyPolicy(policy, bounds, h64, budget, machine);
        progress.stop();
        results.push({ policy, result, platform: machine?.name ?? null });
      }
    }
  } finally {
    interrupt.dispose();
    await pool?.close();
  }
  if (interrupt.requested()) io.err('dmacheck: interrupted; printing and writing what was found\n');
  if (flags.out !== undefined) for (const r of results) writeVerifyReports(flags.out, r.policy, r.result);
  const units = unit === 'policies' ? targets.map((p) => p.name) : undefined;
  const shardField =
    shard === undefined
      ? {}
      : {
          shard: {
            command: 'verify',
            index: shard.index,
            count: shard.count,
            unit,
            ...(units === undefined ? {} : { units }),
            ...(unit === 'frontier' ? { splits } : {}),
            campaign: {
              target: flags.all === true ? '--all' : (everyTarget[0] as Policy).name,
              bounds: campaignBounds(flags, everyTarget),
              maxStates: flags.maxStates ?? null,
              time: flags.time ?? null,
            },
          },
        };
  const json = (r: VerifyRun) => ({
    ...(shard === undefined ? verifyJson(r.result, opSpecsOf(r.policy)) : verifyShardJson(r.result, r.policy)),
    ...(chosen === undefined ? {} : { platform: r.platform }),
  });
  const text = (r: VerifyRun) => {
    const plain = verifyText(r.result, r.policy.expects, opSpecsOf(r.policy));
    // With --platform, the first line names the machine the search ran on.
    const t = r.platform === null ? plain : plain.replace(`${r.policy.name}: `, `${r.policy.name} on ${r.platform}: `);
    // A shard's clean part is not a proof of the bound: only the merge of every shard is.
    return shard === undefined
      ? t
      : t.replace(
          ': verified: no violation in any interleaving of ',
          ": clean in this shard's part of the interleavings of ",
        );
  };
  if (flags.all !== true && results.length + notDone <= 1) {
    const r = results[0];
    if (r === undefined) return EXIT_INCOMPLETE;
    io.out(flags.json === true ? `${JSON.stringify({ ...json(r), ...shardField })}\n` : text(r));
    if (shard !== undefined && flags.json !== true) io.out(shardText(shard, unit, units, splits));
    const v = verifyVerdict(r.result);
    return v === 'violation' ? 1 : v === 'verified' ? 0 : EXIT_INCOMPLETE;
  }
  if (flags.all !== true) {
    // One policy on several machines: each search, then where its bugs show.
    if (flags.json === true) io.out(`${JSON.stringify({ results: results.map(json), ...shardField })}\n`);
    else {
      for (const r of results) io.out(`${text(r)}\n`);
      io.out(byPlatformText(results));
    }
    const vs = results.map((r) => verifyVerdict(r.result));
    if (vs.includes('violation')) return 1;
    return notDone > 0 || vs.includes('incomplete') ? EXIT_INCOMPLETE : 0;
  }
  const ran = [...new Set(results.map((r) => r.policy))];
  const verdicts = ran.map((p) => {
    const mine = results.filter((r) => r.policy === p);
    const codes = (r: VerifyRun) => r.result.found.map((f) => f.violation.code);
    return chosen === undefined
      ? verdictOfCodes(p, codes(mine[0] as VerifyRun))
      : matrixVerdictOfCodes(
          p,
          mine.map((r) => ({ platform: r.platform ?? 'default', found: codes(r) })),
        );
  });
  const notRun = targets.filter((p) => !ran.includes(p)).map((p) => p.name);
  if (flags.json === true) {
    const out = results.map((r) => ({ ...json(r), ...verdicts[ran.indexOf(r.policy)] }));
    io.out(`${JSON.stringify({ results: out, notRun, ...shardField })}\n`);
  } else {
    for (const r of results) io.out(`${text(r)}\n`);
    io.out(summaryText(verdicts, notRun));
    if (shard !== undefined) io.out(shardText(shard, unit, units));
  }
  if (verdicts.some((v) => v.undeclared.length > 0)) return 1;
  const incomplete = notRun.length > 0 || notDone > 0 || results.some((r) => r.result.stopped !== null);
  // A clean policy cut short proves nothing, and a buggy one may not have reached its bug yet.
  if (incomplete) return EXIT_INCOMPLETE;
  return verdicts.every((v) => v.asDeclared) ? 0 : 1;
}

/** One search of `verify`: a policy on one machine (null: the one its config names). */
interface VerifyRun {
  readonly policy: Policy;
  readonly result: VerifyResult;
  readonly platform: string | null;
}

/** Where a policy's bugs show within the bound: one row per machine it was verified on. */
function byPlatformText(runs: readonly VerifyRun[]): string {
  const rows = runs.map((r) => {
    const codes = r.result.found.map((f) => `${f.violation.code} (${f.ops.length} ops)`);
    const what = r.result.stopped !== null ? 'incomplete' : codes.length === 0 ? 'verified' : codes.join(' ');
    return `  ${(r.platform ?? 'default').padEnd(28)} ${what}`;
  });
  return `${runs[0]?.policy.name ?? ''} by platform:\n${rows.join('\n')}\n`;
}

function writeVerifyReports(dir: string, policy: Policy, r: VerifyResult): void {
  for (const f of r.found) {
    const trace = traceOfProven(f, r);
    const report = bugReport(trace, policy);
    for (const fmt of Object.values(REPORT_FORMATS)) {
      writeFlagFile('--out', join(dir, `${traceBaseName(trace)}.${fmt.ext}`), fmt.render(report));
    }
  }
}
