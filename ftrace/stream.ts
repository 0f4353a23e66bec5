import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import type { CheckOptions } from './checker.ts';
import { TraceInputError, TraceReader, type TraceReport } from './reader.ts';

/** A line longer than this is cut (and then read as malformed, or as binary data on line 1). */
const MAX_LINE = 1 << 20;

/** Bytes read at a time. */
const CHUNK = 1 << 18;

/**
 * Checks one trace file (`-`: standard input), streaming it: chunks of 256 KiB are cut at newlines
 * (`\n` or `\r\n`) and each line goes to the checker as a range of the chunk's bytes, before the
 * next chunk is read (no string per line; a line split across two chunks is copied once). A missing
 * or unreadable file, or a binary trace.dat, is a TraceInputError (one line for the user).
 */
export async function checkFile(
  file: string,
  opts: CheckOptions = {},
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<TraceReport> {
  const name = file === '-' ? '<stdin>' : file;
  const input: NodeJS.ReadableStream =
    file === '-' ? stdin : createReadStream('', { fd: open(file), highWaterMark: CHUNK });
  const reader = new TraceReader(name, opts);
  /** The start of a line the previous chunk cut: its bytes, copied. */
  let carry: Buffer | null = null;
  const emit = (b: Buffer, s: number, e: number) => reader.bytes(b, s, e > s && b[e - 1] === 13 ? e - 1 : e);
  try {
    for await (const raw of input) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : (raw as Buffer);
      let from = 0;
      let nl = chunk.indexOf(10);
      if (carry !== null) {
        if (nl < 0) {
          carry = Buffer.concat([carry, chunk]);
          if (carry.length > MAX_LINE) {
            emit(carry, 0, carry.length);
            carry = null;
          }
          continue;
        }
        const line = Buffer.concat([carry, chunk.subarray(0, nl)]);
        emit(line, 0, line.length);
        carry = null;
        from = nl + 1;
        nl = chunk.indexOf(10, from);
      }
      while (nl >= 0) {
        emit(chunk, from, nl);
        from = nl + 1;
        nl = chunk.indexOf(10, from);
      }
      if (from < chunk.length) {
        carry = Buffer.from(chunk.subarray(from));
        if (carry.length > MAX_LINE) {
          emit(carry, 0, carry.length);
          carry = null;
        }
      }
    }
  } catch (e) {
    if ('destroy' in input && typeof input.destroy === 'function') input.destroy();
    if (e instanceof TraceInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new TraceInputError(`cannot read ${name}: ${code}`);
    throw e;
  }
  if (carry !== null && carry.length > 0) emit(carry, 0, carry.length);
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
