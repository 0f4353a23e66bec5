import { KNOWN_EVENTS } from './events.ts';

/**
 * One line of an ftrace text log, split into its header and the event's payload, in the bytes it
 * was read as, without regular expressions or strings (the reader must keep up with a million
 * lines a second).
 *
 * /sys/kernel/tracing/trace (kernel/trace/trace.c print_trace_fmt, `trace_print_context`):
 *   `<comm>-<pid> [<cpu>] <flags> <secs>.<usecs>: <event>: <payload>`, with an optional `(<tgid>)`
 *   after the pid (option record-tgid) and 4 to 7 flag characters depending on the kernel;
 * `trace-cmd report`: `<comm>-<pid> [<cpu>] <secs>.<usecs>: <event>: <payload>` (flags only with -l),
 *   the event name padded with spaces.
 * Lost-event markers: kernel/trace/trace.c print_trace_line `"CPU:%d [LOST %lu EVENTS]\n"`;
 * trace-cmd (trace-read.c) `"CPU:%d [%lld EVENTS DROPPED]\n"` or `"CPU:%d [EVENTS DROPPED]\n"`.
 * Overrun marker: trace.c test_cpu_buff_start `"##### CPU %u buffer started ####\n"`, printed only
 * when the ring buffer overran (TRACE_FILE_ANNOTATE), i.e. the CPU's older events were overwritten.
 */
export type Line =
  | {
      readonly kind: 'event';
      readonly event: string;
      readonly payload: string;
      readonly pid: number;
      readonly cpu: number;
    }
  | { readonly kind: 'lost'; readonly cpu: number; readonly count: number | null }
  | { readonly kind: 'buffer-started'; readonly cpu: number }
  | { readonly kind: 'entries'; readonly inBuffer: number; readonly written: number }
  | { readonly kind: 'skip' }
  | { readonly kind: 'malformed'; readonly why: string };

/**
 * Where the parts of the last event line splitBytes read are: the event name b[e0, e1), the payload
 * b[p0, end), the pid and the CPU. One object, refilled at every call.
 */
export const HEAD = { e0: 0, e1: 0, p0: 0, pid: 0, cpu: 0 };

const SKIP: Line = { kind: 'skip' };
const SP = 32;
const COLON = 58;

/** The number in b[from, to) if it is all digits (at least one, at most 15), else -1. */
function digits(b: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = (b[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Splits the line b[s, e): null for an event line (its parts in HEAD), else what the line is (a
 * marker, a header to skip, or garbage). Never throws.
 */
export function splitBytes(b: Buffer, s: number, e: number): Line | null {
  // The CPU: the first `]` followed by a space, and the `[` before it.
  let close = s;
  while (close < e && !(b[close] === 93 && b[close + 1] === SP)) close++;
  if (close >= e) return other(b, s, e);
  let open = close - 1;
  while (open >= s && b[open] !== 91) open--;
  if (open < s) return other(b, s, e);
  // The timestamp ends at the first ': ' after the CPU: its last word, `<secs>.<usecs>`.
  let tsEnd = close + 2;
  let t0 = close + 2;
  let dot = -1;
  for (; tsEnd < e; tsEnd++) {
    const c = b[tsEnd];
    if (c === COLON && b[tsEnd + 1] === SP) break;
    if (c === SP) {
      t0 = tsEnd + 1;
      dot = -1;
    } else if (c === 46 && dot < 0) dot = tsEnd;
  }
  if (tsEnd >= e) return other(b, s, e);
  // The event name: one word, then optional spaces and a ':'.
  let e0 = tsEnd + 2;
  while (b[e0] === SP) e0++;
  let e1 = e0;
  while (e1 < e && b[e1] !== COLON && b[e1] !== SP) e1++;
  let evEnd = e1;
  while (evEnd < e && b[evEnd] === SP) evEnd++;
  if (evEnd >= e || b[evEnd] !== COLON) return other(b, s, e);
  const cpu = digits(b, open + 1, close);
  // Back from the CPU: spaces, an optional `(tgid)`, spaces, the pid, '-'.
  let p = open - 1;
  while (p >= s && b[p] === SP) p--;
  if (p >= s && b[p] === 41) {
    while (p >= s && b[p] !== 40) p--;
    if (p < s) return other(b, s, e);
    p--;
    while (p >= s && b[p] === SP) p--;
  }
  const pidEnd = p + 1;
  while (p >= s && (b[p] as number) >= 48 && (b[p] as number) <= 57) p--;
  const pid = digits(b, p + 1, pidEnd);
  if (p < s || b[p] !== 45 || pid < 0 || cpu < 0 || e1 <= e0) return other(b, s, e);
  if (dot < 0 || digits(b, t0, dot) < 0 || digits(b, dot + 1, tsEnd) < 0) {
    return { kind: 'malformed', why: `bad timestamp "${b.toString('utf8', t0, tsEnd)}"` };
  }
  let q = evEnd + 1;
  while (q < e && b[q] === SP) q++;
  HEAD.e0 = e0;
  HEAD.e1 = e1;
  HEAD.p0 = q;
  HEAD.pid = pid;
  HEAD.cpu = cpu;
  return null;
}

/** A line that is not an event: a marker, a header, or garbage (rare: strings and regexes are fine here). */
function other(b: Buffer, s: number, e: number): Line {
  const t = b.toString('utf8', s, e).trim();
  if (t.length === 0 || t.startsWith('#')) {
    const started = /^#+ CPU (\d+) buffer started #+$/.exec(t);
    if (started) return { kind: 'buffer-started', cpu: Number(started[1]) };
    const entries = /entries-in-buffer\/entries-written: (\d+)\/(\d+)/.exec(t);
    if (entries) return { kind: 'entries', inBuffer: Number(entries[1]), written: Number(entries[2]) };
    return SKIP;
  }
  const lost = /^CPU:(\d+) \[(?:LOST (\d+) EVENTS|LOST EVENTS|(\d+) EVENTS DROPPED|EVENTS DROPPED)\]$/.exec(t);
  if (lost) {
    const n = lost[2] ?? lost[3];
    return { kind: 'lost', cpu: Number(lost[1]), count: n === undefined ? null : Number(n) };
  }
  // trace-cmd report's file header: `version = 6`, `cpus=8`, `CPU 0 is empty`, `cpus=8`.
  if (/^(version = \d+|cpus=\d+|CPU \d+ is empty|trace-cmd: .*)$/.test(t)) return SKIP;
  return { kind: 'malformed', why: 'not an ftrace event line' };
}

/**
 * Each known event name by its length and its last and third-last bytes, which tell the 27 names
 * apart (checked when the module loads): no hash of the whole name for every line.
 */
const BY_KEY = new Map<number, { readonly bytes: Buffer; readonly name: string }>();
const keyOf = (b: Uint8Array, s: number, e: number): number =>
  (e - s) | ((b[e - 1] as number) << 8) | ((b[e - 3] as number) << 16);

for (const name of KNOWN_EVENTS) {
  const bytes = Buffer.from(name, 'latin1');
  const k = keyOf(bytes, 0, bytes.length);
  if (BY_KEY.has(k)) throw new Error(`two known events share a key: ${name}`); // cannot happen: the names are fixed
  BY_KEY.set(k, { bytes, name });
}

/** The known event named by b[s, e) (the KNOWN_EVENTS string itself), or null for any other event. */
export function eventName(b: Uint8Array, s: number, e: number): string | null {
  if (e - s < 3) return null;
  const hit = BY_KEY.get(keyOf(b, s, e));
  if (hit === undefined) return null;
  const k = hit.bytes;
  for (let i = 0; i < k.length; i++) if (b[s + i] !== k[i]) return null;
  return hit.name;
}

/** Splits one line given as a string (tests; the reader splits bytes). */
export function splitLine(line: string): Line {
  const b = Buffer.from(line, 'utf8');
  const l = splitBytes(b, 0, b.length);
  if (l !== null) return l;
  return {
    kind: 'event',
    event: b.toString('utf8', HEAD.e0, HEAD.e1),
    payload: b.toString('utf8', HEAD.p0, b.length),
    pid: HEAD.pid,
    cpu: HEAD.cpu,
  };
}
