import { Command, CommanderError } from 'commander';
import { oneLine } from '../fuzz/index.ts';
import { PolicyError } from '../model/index.ts';
import { fuzzCommand } from './fuzz.ts';
import { initCommand } from './init.ts';
import { defaultIo, type Io, UsageError } from './io.ts';
import { listCommand } from './list.ts';
import { mergeCommand } from './merge.ts';
import { replayCommand } from './replay.ts';
import { reportCommand } from './report.ts';
import { traceCommand } from './trace.ts';
import { verifyCommand } from './verify.ts';

/**
 * dmacheck's command line. Exit codes: 0 clean (verified), 1 a violation was found, 2 bad input (an
 * unknown policy, a bad flag, a malformed file), always with one line on stderr and no stack trace;
 * 3 incomplete: a budget or Ctrl-C stopped the search before it was done (`verify`, `fuzz`).
 */
export async function main(args: readonly string[], io: Io = defaultIo()): Promise<number> {
  let code = 0;
  // `--debug`, anywhere: a policy error prints its stack too.
  const debug = args.includes('--debug');
  const argv = args.filter((a) => a !== '--debug');
  const program = new Command('dmacheck')
    .description('Property-based model checker for DMA-mapping lifetime rules of Linux GPU drivers')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(`dmacheck: ${s.replace(/^error: /, '').trim()}\n`),
    });
  program
    .command('list')
    .description('list the built-in policies and the invariants')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      code = listCommand(opts, io);
    });
  const done = (c: number) => {
    code = c;
  };
  fuzzCommand(program, io, done);
  replayCommand(program, io, done);
  reportCommand(program, io, done);
  initCommand(program, io, done);
  traceCommand(program, io, done);
  verifyCommand(program, io, done);
  mergeCommand(program, io, done);
  if (argv.length === 0) {
    io.err('dmacheck: missing command (try: dmacheck --help)\n');
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof PolicyError) {
      // A bug in the policy's code, not a finding: one line (the stack with --debug), exit 2.
      io.err(`dmacheck: ${oneLine(e.message, 2000)}${debug ? '' : ' (--debug shows the stack)'}\n`);
      if (debug) io.err(`${e.cause instanceof Error ? e.cause.stack : String(e.cause)}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.err(`dmacheck: ${oneLine(e.message, 2000)}\n`); // room for the list of built-in policy names
      return 2;
    }
    throw e;
  }
  return code;
}
