import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CheckOptions } from './checker.ts';
import { TraceInputError, TraceReader, type TraceReport } from './reader.ts';

/**
 * Checks one trace file (`-`: standard input), streaming it line by line through readline. A missing
 * or unreadable file, or a binary trace.dat, is a TraceInputError (one line for the user).
 */
export async function checkFile(
  file: string,
  opts: CheckOptions = {},
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<TraceReport> {
  const name = file === '-' ? '<stdin>' : file;
  const input: NodeJS.ReadableStream =
    file === '-' ? stdin : createReadStream('', { fd: open(file), encoding: 'utf8', highWaterMark: 1 << 16 });
  const reader = new TraceReader(name, opts);
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let failure: unknown = null;
  const done = new Promise<void>((resolve) => {
    rl.on('close', resolve);
    input.on('error', (e: NodeJS.ErrnoException) => {
      failure ??= new TraceInputError(`cannot read ${name}: ${e.code ?? e.message}`);
      rl.close();
    });
  });
  rl.on('error', (e: NodeJS.ErrnoException) => {
    failure ??= new TraceInputError(`cannot read ${name}: ${e.code ?? e.message}`);
  });
  rl.on('line', (text) => {
    if (failure !== null) return;
    try {
      reader.line(text);
    } catch (e) {
      failure = e;
      rl.close();
      if ('destroy' in input && typeof input.destroy === 'function') input.destroy();
    }
  });
  await done;
  if (failure !== null) throw failure;
  return reader.finish();
}

/** Opens a trace file, or says in one line why it cannot be read. */
function open(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new TraceInputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw new TraceInputError(`cannot read ${file}: it is a directory`);
  }
  return fd;
}
