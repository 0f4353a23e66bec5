import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type FuzzResult, fuzzPolicy } from '../fuzz/index.ts';
import type { Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { fuzzJson, fuzzText } from '../reports/index.ts';
import { type Io, intArg, UsageError } from './io.ts';
import { builtinPolicy, policyFromFile } from './load-policy.ts';

interface FuzzFlags {
  policy?: string;
  policyFile?: string;
  all?: boolean;
  seed?: number;
  runs: number;
  maxOps: number;
  json?: boolean;
  out?: string;
}

export const DEFAULT_RUNS = 2000;

export function fuzzCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('fuzz')
    .description(
      'fuzz a policy against every invariant; exit 1 on a violation, 0 when clean.\n' +
        'With --all, fuzz every built-in policy and exit 0 when each breaks exactly what it declares.',
    )
    .option('--policy <name>', 'a built-in policy (see: dmacheck list)')
    .option('--policy-file <path>', "a module exporting your own policy (default export or 'policy')")
    .option('--all', 'every built-in policy, checked against its declared expectations')
    .option('--seed <n>', 'campaign seed (default: random, printed)', intArg(-(2 ** 31), 2 ** 31 - 1))
    .option('--runs <n>', 'runs per search phase', intArg(1, 1e9), DEFAULT_RUNS)
    .option('--max-ops <n>', 'longest generated op sequence', intArg(1, 1000), 24)
    .option('--json', 'machine-readable output')
    .option('--out <dir>', "also write each policy's report files into this directory")
    .action(async (flags: FuzzFlags) => {
      done(await fuzz(flags, io));
    });
}

async function fuzz(flags: FuzzFlags, io: Io): Promise<number> {
  const chosen = [flags.policy, flags.policyFile, flags.all].filter((x) => x !== undefined).length;
  if (chosen !== 1) throw new UsageError('give exactly one of --policy NAME, --policy-file PATH, --all');
  const seed = flags.seed ?? envSeed() ?? Math.floor(Math.random() * 2 ** 31);
  const targets: Policy[] =
    flags.all === true
      ? Object.values(policies)
      : [flags.policy !== undefined ? builtinPolicy(flags.policy) : await policyFromFile(flags.policyFile as string)];
  const results: FuzzResult[] = [];
  for (const p of targets) {
    results.push(await fuzzPolicy(p, { seed, runs: flags.runs, gen: { maxOps: flags.maxOps } }));
  }
  if (flags.out !== undefined) writeReports(flags.out, results, targets);
  if (flags.all !== true) {
    const r = results[0] as FuzzResult;
    io.out(flags.json === true ? `${JSON.stringify(fuzzJson(r))}\n` : fuzzText(r, targets[0]?.expects ?? []));
    return r.found.length > 0 ? 1 : 0;
  }
  const verdicts = results.map((r, i) => verdict(targets[i] as Policy, r));
  if (flags.json === true) {
    io.out(`${JSON.stringify({ seed, results: results.map((r, i) => ({ ...fuzzJson(r), ...verdicts[i] })) })}\n`);
  } else {
    for (const [i, r] of results.entries()) io.out(`${fuzzText(r, targets[i]?.expects ?? [])}\n`);
    io.out(summaryText(verdicts));
  }
  if (flags.out !== undefined && flags.all === true)
    writeFileSync(join(flags.out, 'catalogue.txt'), summaryText(verdicts));
  return verdicts.every((v) => v.asDeclared) ? 0 : 1;
}

interface Verdict {
  readonly name: string;
  readonly asDeclared: boolean;
  readonly found: string[];
  readonly undeclared: string[];
  readonly notReached: string[];
}

/** A policy behaves as declared when it breaks only what it declares, and something iff it declares something. */
function verdict(p: Policy, r: FuzzResult): Verdict {
  const found = r.found.map((f) => f.violation.code);
  const undeclared = found.filter((c) => !p.expects.includes(c));
  const notReached = p.expects.filter((c) => !found.includes(c));
  const asDeclared = undeclared.length === 0 && (p.expects.length === 0) === (found.length === 0);
  return { name: p.name, asDeclared, found, undeclared, notReached };
}

function summaryText(vs: readonly Verdict[]): string {
  const out = ['catalogue:'];
  for (const v of vs) {
    const what = v.found.length === 0 ? 'clean' : v.found.join(' ');
    const notes = [
      v.undeclared.length ? `undeclared: ${v.undeclared.join(' ')}` : '',
      v.notReached.length && v.found.length ? `not reached: ${v.notReached.join(' ')}` : '',
    ].filter(Boolean);
    out.push(
      `  ${v.asDeclared ? 'ok  ' : 'FAIL'} ${v.name.padEnd(28)} ${what}${notes.length ? `  (${notes.join('; ')})` : ''}`,
    );
  }
  return `${out.join('\n')}\n`;
}

function envSeed(): number | undefined {
  const s = process.env.DMACHECK_SEED;
  if (s === undefined || s === '') return undefined;
  if (!/^-?\d+$/.test(s)) throw new UsageError(`DMACHECK_SEED must be an integer, got "${s}"`);
  return Number(s);
}

/** One text and one JSON report per policy. */
function writeReports(dir: string, results: readonly FuzzResult[], targets: readonly Policy[]): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create --out directory ${dir}: ${(e as Error).message}`);
  }
  results.forEach((r, i) => {
    writeFileSync(join(dir, `${r.policy}.txt`), fuzzText(r, targets[i]?.expects ?? []));
    writeFileSync(join(dir, `${r.policy}.json`), `${JSON.stringify(fuzzJson(r), null, 2)}\n`);
  });
}
