import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { TRACE_FORMAT, TRACE_LIMITS, TRACE_VERSION, type Trace, traceSchema } from './schema.ts';

/** A trace, or why it is not one: a single line for the user. Errors are data. @category Fuzzing and traces */
export type Loaded = { readonly ok: true; readonly trace: Trace } | { readonly ok: false; readonly error: string };

const bad = (error: string): Loaded => ({ ok: false, error: oneLine(error) });

/**
 * Parses and validates a trace. Never evaluates anything: the text goes through a size check, a
 * nesting check, `JSON.parse` (with keys that could reach a prototype refused) and the schema.
 * @category Fuzzing and traces
 */
export function parseTrace(text: string): Loaded {
  if (Buffer.byteLength(text) > TRACE_LIMITS.bytes) return bad(`larger than ${TRACE_LIMITS.bytes} bytes`);
  if (text.trim() === '') return bad('empty file, expected a JSON trace');
  const depth = nesting(text);
  if (depth > TRACE_LIMITS.depth) return bad(`nested deeper than ${TRACE_LIMITS.depth} levels`);
  let data: unknown;
  try {
    data = JSON.parse(text, refuseProtoKeys);
  } catch (e) {
    return bad(`not valid JSON: ${(e as Error).message}`);
  }
  const header = headerProblem(data);
  if (header !== null) return bad(header);
  const r = traceSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    return bad(issue === undefined ? 'invalid trace' : `${pathText(issue.path)}: ${issue.message}`);
  }
  return { ok: true, trace: r.data };
}

/** Reads a trace file, refusing an oversize one before reading it. @category Fuzzing and traces */
export function readTrace(path: string): Loaded {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return bad(`cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return bad('not a regular file');
    if (st.size > TRACE_LIMITS.bytes) return bad(`larger than ${TRACE_LIMITS.bytes} bytes (${st.size})`);
    const buf = Buffer.alloc(st.size);
    const n = readSync(fd, buf, 0, st.size, 0);
    return parseTrace(buf.subarray(0, n).toString('utf8'));
  } catch (e) {
    return bad(`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

class ForbiddenKey extends Error {}

function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
    throw new ForbiddenKey(`forbidden key "${key}"`);
  }
  return value;
}

/** Deepest nesting of `[`/`{` outside strings; linear, no recursion. */
function nesting(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** The two fields that say what a file is, checked first for a clear message. */
function headerProblem(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'expected a JSON object';
  const { format, version } = data as { format?: unknown; version?: unknown };
  if (format !== TRACE_FORMAT) return `not a dmacheck trace ("format" must be "${TRACE_FORMAT}")`;
  if (version !== TRACE_VERSION) {
    return `unsupported trace version ${JSON.stringify(version) ?? 'missing'} (this dmacheck reads version ${TRACE_VERSION})`;
  }
  return null;
}

function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'trace';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** Control characters (C0, DEL, C1) and the two Unicode line separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One printable line: control characters escaped, long text cut. @category Fuzzing and traces */
export function oneLine(s: string, max = 300): string {
  const clean = s.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}
