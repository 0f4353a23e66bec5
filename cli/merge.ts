import { join } from 'node:path';
import type { Command } from 'commander';
import { replayTrace, traceBaseName, traceOps } from '../fuzz/index.ts';
import { CONTEXTS, type Coverage, opSpecsOf, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { bugReport, coverageText, REPORT_FORMATS, violationText } from '../reports/index.ts';
import { ensureDir, writeFlagFile } from './files.ts';
import { EXIT_INCOMPLETE } from './fuzz.ts';
import { type Io, UsageError } from './io.ts';
import { policyFromFile } from './load-policy.ts';
import { type Merged, mergeEntries } from './merge-fold.ts';
import { readShardFile, type ShardFile } from './merge-read.ts';
import { summaryText, type Verdict, verdictOfCodes } from './verdict.ts';

interface MergeFlags {
  json?: boolean;
  out?: string;
  policyFile?: string;
}

export function mergeCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('merge')
    .argument('<files...>', "the --json output of every shard's fuzz --shard or verify --shard job")
    .description(
      'fold the shards of one fuzz or verify run into one verdict and one set of reports: a violation\n' +
        'if any shard found one (the shortest counterexample of each invariant kept), incomplete when a\n' +
        'shard is missing or was cut short, clean (verified) only when every shard was.\n' +
        'Exit 0 clean or verified, 1 a violation, 2 bad input, 3 incomplete.',
    )
    .option('--json', 'machine-readable output: the shape of the command the shards ran, with "shards" added')
    .option('--out <dir>', 'write each counterexample as <policy>--<CODE>.txt, .md, .html and .json (the trace)')
    .option('--policy-file <path>', 'the module of the policy, when it is not a built-in one')
    .action(async (files: string[], flags: MergeFlags) => {
      done(await merge(files, flags, io));
    });
}

async function merge(files: readonly string[], flags: MergeFlags, io: Io): Promise<number> {
  const shards = files.map(readShardFile).sort((a, b) => a.shard.index - b.shard.index);
  const first = shards[0];
  if (first === undefined) throw new UsageError("merge: give the shards' result files");
  checkSameRun(shards);
  const n = first.shard.count;
  const present = shards.map((s) => s.shard.index);
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !present.includes(i));
  const own = flags.policyFile === undefined ? undefined : await policyFromFile(flags.policyFile);
  const policyOf = (name: string): Policy => {
    const p = own?.name === name ? own : (policies as Record<string, Policy>)[name];
    if (p === undefined) throw new UsageError(`${name} is not a built-in policy: pass its module with --policy-file`);
    return p;
  };
  const all = first.shard.campaign.target === '--all';
  // In catalogue order, as the unsharded run prints them (a shard of --all ran every n-th policy).
  const rank = (name: string) => {
    const k = Object.keys(policies).indexOf(name);
    return k < 0 ? Number.POSITIVE_INFINITY : k;
  };
  const merged = mergeEntries(shards, missing.length > 0);
  if (all) merged.sort((a, b) => rank(a.policy) - rank(b.policy));
  const shardsJson = { count: n, merged: present, missing };
  if (flags.out !== undefined) ensureDir(flags.out, '--out');
  // Each kept counterexample replays to its violation, or the file is not what a shard wrote.
  const shown = merged.map((m) => ({
    m,
    policy: policyOf(m.policy),
    views: m.violations.map((v) => replayed(v, policyOf)),
  }));
  const verdicts: Verdict[] = [];
  if (all) {
    for (const p of Object.values(policies)) {
      const mine = shown.filter((s) => s.policy === p);
      if (mine.length === 0) continue;
      verdicts.push(verdictOfCodes(p, [...new Set(mine.flatMap((s) => s.m.violations.map((v) => v.code)))]));
    }
  }
  // With --all, shard k ran every n-th built-in policy from the k-th: a missing shard's are not run.
  const ran = new Set(merged.map((m) => m.policy));
  const lostPolicies = all
    ? Object.keys(policies)
        .map((name, j) => ({ name, shard: (j % n) + 1 }))
        .filter((x) => missing.includes(x.shard) && !ran.has(x.name))
    : [];
  const interrupted = all ? [...new Set(shards.flatMap((s) => s.notRun))] : [];
  const notRun = [...interrupted, ...lostPolicies.map((x) => x.name)];
  const catalogue = () =>
    summaryText(verdicts, interrupted) +
    lostPolicies.map((x) => `  --   ${x.name.padEnd(38)} not run (shard ${x.shard}/${n} missing)\n`).join('');
  const incomplete = missing.length > 0 || notRun.length > 0 || merged.some((m) => m.cutShort);
  if (flags.out !== undefined) {
    for (const s of shown) for (const v of s.m.violations) writeReport(flags.out, v.trace, s.policy);
    if (all) writeFlagFile('--out', join(flags.out, 'catalogue.txt'), catalogue());
  }
  const header = `merged ${present.length} of ${n} shard(s) of ${first.shard.command} ${first.shard.campaign.target}${
    missing.length > 0 ? `; MISSING: ${missing.map((i) => `${i}/${n}`).join(' ')}` : ''
  }`;
  if (flags.json === true) {
    const results = shown.map((s) => ({ ...s.m.json, ...(all ? verdicts.find((v) => v.name === s.policy.name) : {}) }));
    const single = !first.many && results.length === 1 ? results[0] : undefined;
    io.out(
      `${JSON.stringify(single !== undefined ? { ...single, shards: shardsJson } : { ...seedOf(first), results, notRun, shards: shardsJson })}\n`,
    );
  } else {
    const out = [header, ''];
    for (const s of shown) out.push(entryText(s.m, s.policy, s.views, missing, n));
    if (all) out.push(catalogue());
    io.out(out.join('\n'));
  }
  if (all) {
    if (verdicts.some((v) => v.undeclared.length > 0)) return 1;
    if (incomplete) return EXIT_INCOMPLETE;
    return verdicts.every((v) => v.asDeclared) ? 0 : 1;
  }
  if (merged.some((m) => m.violations.length > 0)) return 1;
  return incomplete ? EXIT_INCOMPLETE : 0;
}

/** The shards must be parts of one run: same command, same count, same campaign, each part once. */
function checkSameRun(shards: readonly ShardFile[]): void {
  const first = shards[0] as ShardFile;
  const key = (s: ShardFile) =>
    JSON.stringify([s.shard.command, s.shard.count, s.shard.unit, s.shard.campaign, s.many]);
  for (const s of shards) {
    if (key(s) !== key(first)) {
      throw new UsageError(
        `${s.file} is not a part of the same run as ${first.file} (command, shard count or campaign differ)`,
      );
    }
  }
  for (let i = 1; i < shards.length; i++) {
    const a = shards[i - 1] as ShardFile;
    const b = shards[i] as ShardFile;
    if (a.shard.index === b.shard.index) {
      throw new UsageError(`shard ${b.shard.index}/${b.shard.count} given twice: ${a.file} and ${b.file}`);
    }
  }
}

function seedOf(f: ShardFile): { seed?: number } {
  const seed = f.shard.campaign.seed;
  return typeof seed === 'number' ? { seed } : {};
}

/** A kept counterexample replayed: the violation the reports show. */
function replayed(v: Merged['violations'][number], policyOf: (name: string) => Policy) {
  const policy = policyOf(v.trace.policy);
  const violation = replayTrace(v.trace, policy).rec.result.violation;
  if (violation === null || violation.code !== v.code) {
    throw new UsageError(`the ${v.code} counterexample of shard ${v.shard} does not replay on ${policy.name}`);
  }
  return { violation, ops: traceOps(v.trace), v };
}

function writeReport(dir: string, trace: Merged['violations'][number]['trace'], policy: Policy): void {
  const report = bugReport(trace, policy);
  for (const fmt of Object.values(REPORT_FORMATS)) {
    writeFlagFile('--out', join(dir, `${traceBaseName(trace)}.${fmt.ext}`), fmt.render(report));
  }
}

/** One merged result as `fuzz` or `verify` prints one, each counterexample naming its shard. */
function entryText(
  m: Merged,
  policy: Policy,
  views: readonly ReturnType<typeof replayed>[],
  missing: readonly number[],
  n: number,
): string {
  const specs = opSpecsOf(policy);
  const lost = missing.length > 0 && m.partial ? `shard(s) ${missing.map((i) => `${i}/${n}`).join(' ')} missing` : '';
  const out: string[] = [];
  if (m.command === 'fuzz') {
    const j = m.json;
    const what =
      m.violations.length > 0
        ? `${m.violations.length} violation kind(s)`
        : lost !== '' || j.interrupted
          ? 'incomplete'
          : 'clean';
    const on = j.platform === undefined ? '' : ` on ${j.platform}`;
    const notes = [j.interrupted ? 'interrupted' : '', lost].filter(Boolean);
    out.push(
      `${j.policy}${on}: ${what} in ${j.runs} runs (seed ${j.seed})${notes.length > 0 ? `, ${notes.join(', ')}` : ''}`,
    );
    for (const { violation, ops, v } of views) {
      out.push(
        ...violationText(
          violation,
          ops,
          policy.expects,
          specs,
          `counterexample: ${ops.length} op(s), from shard ${v.shard}/${n}`,
        ),
      );
    }
    out.push('', ...coverageText(coverageOf(j.coverage)));
  } else {
    const j = m.json;
    const b = j.bounds as { depth: number; objects: number; vms: number; contexts: string[]; preempt: number };
    const bounds = `up to ${b.depth} ops over ${b.objects} object(s), ${b.vms} address space(s), contexts ${b.contexts.join(' ')}, preempted after up to ${b.preempt} steps`;
    const figures = `${j.states} states, ${j.transitions} transitions over the shards`;
    if (m.violations.length > 0)
      out.push(`${j.policy}: ${m.violations.length} violation kind(s) within ${bounds}; ${figures}`);
    else if (j.verdict === 'verified')
      out.push(`${j.policy}: verified: no violation in any interleaving of ${bounds}; ${figures}`);
    else {
      const why = lost !== '' ? lost : `stopped by ${j.stopped ?? 'a budget'}`;
      out.push(`${j.policy}: incomplete: ${why} before covering ${bounds}; ${figures}; NOT verified`);
    }
    for (const { violation, ops, v } of views) {
      out.push(
        ...violationText(
          violation,
          ops,
          policy.expects,
          specs,
          `shortest counterexample: ${ops.length} op(s), ${v.steps} step(s), from shard ${v.shard}/${n}; no sequence of fewer ops within the bounds breaks it`,
        ),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function coverageOf(c: {
  runs: number;
  steps: number;
  skipped: number;
  ops: Record<string, number>;
  contexts: Record<string, number>;
  guards: Record<string, { count: number }>;
  reached?: number;
}): Coverage {
  return {
    runs: c.runs,
    steps: c.steps,
    skipped: c.skipped,
    ops: { ...c.ops },
    ctxSteps: CONTEXTS.map((name) => c.contexts[name] ?? 0),
    guards: Object.fromEntries(Object.entries(c.guards).map(([k, g]) => [k, g.count])),
    details: {},
    // The per-step counts are not in the JSON; the number of steps reached is.
    pcs: {},
    reached: c.reached ?? 0,
  };
}
