import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import type { CheckOptions } from './checker.ts';
import { TraceInputError, TraceReader, type TraceReport } from './reader.ts';

/** A line longer than this is cut (and then read as malformed, or as binary data on line 1). */
const MAX_LINE = 1 << 20;

/**
 * Checks one trace file (`-`: standard input), streaming it line by line: chunks of 64 KiB are cut
 * at newlines (`\n` or `\r\n`) and each line goes to the checker before the next chunk is read
 * (node's readline does the same with an event per line, at a third of the speed). A missing or
 * unreadable file, or a binary trace.dat, is a TraceInputError (one line for the user).
 */
export async function checkFile(
  file: string,
  opts: CheckOptions = {},
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<TraceReport> {
  const name = file === '-' ? '<stdin>' : file;
  const input: NodeJS.ReadableStream =
    file === '-' ? stdin : createReadStream('', { fd: open(file), encoding: 'utf8', highWaterMark: 1 << 16 });
  if (file === '-') input.setEncoding('utf8');
  const reader = new TraceReader(name, opts);
  let carry = '';
  try {
    for await (const chunk of input) {
      const text = carry + (chunk as string);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        reader.line(text.charCodeAt(nl - 1) === 13 && nl > from ? text.slice(from, nl - 1) : text.slice(from, nl));
        from = nl + 1;
      }
      carry = text.slice(from);
      if (carry.length > MAX_LINE) {
        reader.line(carry);
        carry = '';
      }
    }
  } catch (e) {
    if ('destroy' in input && typeof input.destroy === 'function') input.destroy();
    if (e instanceof TraceInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new TraceInputError(`cannot read ${name}: ${code}`);
    throw e;
  }
  if (carry.length > 0) reader.line(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
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
