import { join } from 'node:path';
import type { Command } from 'commander';
import { TRACE_FORMAT, TRACE_VERSION, type Trace, traceBaseName, traceOp } from '../fuzz/index.ts';
import { CONTEXTS, type ContextId, MAX_PREEMPT, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import type { InvariantCode } from '../properties/index.ts';
import { bugReport, REPORT_FORMATS, verifyJson, verifyText, verifyVerdict } from '../reports/index.ts';
import {
  type Bounds,
  DEFAULT_DEPTH,
  DEFAULT_OBJECTS,
  DEFAULT_VMS,
  loadHasher,
  type Proven,
  type SearchStats,
  type VerifyResult,
  verifyPolicy,
} from '../verify/index.ts';
import { ensureDir, writeFlagFile } from './files.ts';
import { EXIT_INCOMPLETE, listenForInterrupt } from './fuzz.ts';
import { type Io, intArg, UsageError } from './io.ts';
import { builtinPolicy, policyFromFile } from './load-policy.ts';
import { summaryText, verdictOfCodes } from './verdict.ts';

interface VerifyFlags {
  policy?: string;
  policyFile?: string;
  all?: boolean;
  depth: number;
  objects: number;
  vms: number;
  contexts?: string;
  preempt: number;
  maxStates?: number;
  time?: number;
  json?: boolean;
  out?: string;
}

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
    .option('--depth <n>', 'most ops started in a sequence (resumes included)', intArg(1, 64), DEFAULT_DEPTH)
    .option('--objects <n>', 'most objects a sequence creates', intArg(1, 16), DEFAULT_OBJECTS)
    .option('--vms <n>', 'address spaces: the GGTT plus n-1 PPGTTs', intArg(1, 16), DEFAULT_VMS)
    .option('--contexts <list>', `contexts ops run in, comma-separated (default all: ${CONTEXTS.join(',')})`)
    .option('--preempt <n>', 'an op may be preempted after each of its first n steps', intArg(0, 1000), MAX_PREEMPT)
    .option('--max-states <n>', 'stop (incomplete, exit 3) after this many states', intArg(1, 2 ** 31))
    .option('--time <seconds>', 'stop (incomplete, exit 3) after this long', intArg(1, 10 ** 7))
    .option('--json', 'machine-readable output (and no progress line)')
    .option('--out <dir>', 'write each counterexample as <policy>--<CODE>.txt, .md, .html and .json (the trace)')
    .action(async (flags: VerifyFlags) => {
      done(await verify(flags, io));
    });
}

function parseContexts(list: string | undefined): ContextId[] {
  if (list === undefined) return CONTEXTS.map((_, i) => i as ContextId);
  const names = list.split(',').map((s) => s.trim());
  const out: ContextId[] = [];
  for (const n of names) {
    const i = (CONTEXTS as readonly string[]).indexOf(n);
    if (i < 0) throw new UsageError(`unknown context "${n}" in --contexts (known: ${CONTEXTS.join(', ')})`);
    if (!out.includes(i as ContextId)) out.push(i as ContextId);
  }
  return out.sort((a, b) => a - b);
}

async function verify(flags: VerifyFlags, io: Io): Promise<number> {
  const chosen = [flags.policy, flags.policyFile, flags.all].filter((x) => x !== undefined).length;
  if (chosen !== 1) throw new UsageError('give exactly one of --policy NAME, --policy-file PATH, --all');
  const bounds: Bounds = {
    depth: flags.depth,
    objects: flags.objects,
    vms: flags.vms,
    contexts: parseContexts(flags.contexts),
    preempt: flags.preempt,
  };
  const targets: Policy[] =
    flags.all === true
      ? Object.values(policies)
      : [flags.policy !== undefined ? builtinPolicy(flags.policy) : await policyFromFile(flags.policyFile as string)];
  if (flags.out !== undefined) ensureDir(flags.out, '--out');
  const h64 = await loadHasher();
  const interrupt = listenForInterrupt(io);
  const start = Date.now();
  const results: { policy: Policy; result: VerifyResult }[] = [];
  try {
    for (const policy of targets) {
      if (interrupt.requested()) break;
      const progress = progressLine(io, policy.name, bounds.depth, flags.json !== true);
      const left = flags.time === undefined ? undefined : flags.time * 1000 - (Date.now() - start);
      const result = await verifyPolicy(policy, bounds, h64, {
        maxStates: flags.maxStates,
        timeMs: left,
        shouldStop: interrupt.requested,
        onProgress: progress.update,
      });
      progress.stop();
      results.push({ policy, result });
    }
  } finally {
    interrupt.dispose();
  }
  if (interrupt.requested()) io.err('dmacheck: interrupted; printing and writing what was found\n');
  if (flags.out !== undefined) for (const r of results) writeVerifyReports(flags.out, r.policy, r.result);
  if (flags.all !== true) {
    const r = results[0];
    if (r === undefined) return EXIT_INCOMPLETE;
    io.out(flags.json === true ? `${JSON.stringify(verifyJson(r.result))}\n` : verifyText(r.result, r.policy.expects));
    const v = verifyVerdict(r.result);
    return v === 'violation' ? 1 : v === 'verified' ? 0 : EXIT_INCOMPLETE;
  }
  const verdicts = results.map((r) =>
    verdictOfCodes(
      r.policy,
      r.result.found.map((f) => f.violation.code),
    ),
  );
  const notRun = targets.slice(results.length).map((p) => p.name);
  if (flags.json === true) {
    const out = results.map((r, i) => ({ ...verifyJson(r.result), ...verdicts[i] }));
    io.out(`${JSON.stringify({ results: out, notRun })}\n`);
  } else {
    for (const r of results) io.out(`${verifyText(r.result, r.policy.expects)}\n`);
    io.out(summaryText(verdicts, notRun));
  }
  if (verdicts.some((v) => v.undeclared.length > 0)) return 1;
  const incomplete = notRun.length > 0 || results.some((r) => r.result.stopped !== null);
  // A clean policy cut short proves nothing, and a buggy one may not have reached its bug yet.
  if (incomplete) return EXIT_INCOMPLETE;
  return verdicts.every((v) => v.asDeclared) ? 0 : 1;
}

/** The trace of a shortest counterexample: the same format `replay` and `npm test` read. */
export function traceOfProven(f: Proven, r: VerifyResult): Trace {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    policy: r.policy,
    expect: { code: f.violation.code as InvariantCode },
    mask: f.mask as InvariantCode[],
    config: r.config,
    ops: f.ops.map(traceOp),
  };
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

/** One progress line on a terminal (stderr): depth, states, transitions, frontier, states/s. */
function progressLine(io: Io, label: string, depth: number, enabled: boolean) {
  const stream = io.progressStream;
  if (!enabled || !io.isTty || stream === undefined) return { update: () => {}, stop: () => {} };
  return {
    update: (s: SearchStats) => {
      const rate = s.elapsedMs > 0 ? Math.round((s.states * 1000) / s.elapsedMs) : 0;
      stream.write(
        `\r\x1b[K${label} depth ${s.depth}/${depth} | ${s.states} states | ${s.transitions} transitions | ` +
          `frontier ${s.frontier} | ${rate} states/s`,
      );
    },
    stop: () => stream.write('\r\x1b[K'),
  };
}
