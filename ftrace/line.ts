/**
 * One line of an ftrace text log, split into its header and the event's payload, without regular
 * expressions (the reader must keep up with a million lines a second).
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

const SKIP: Line = { kind: 'skip' };

/** The number in s[from, to) if it is all digits (at least one), else -1. */
function digits(s: string, from: number, to: number): number {
  if (to <= from) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The event line splitLine returns: one object, refilled at every call (no allocation per line). */
const EVENT = { kind: 'event' as const, event: '', payload: '', pid: 0, cpu: 0 };

/**
 * Splits one line; never throws. `skip` for headers, comments and blank lines. An event line is
 * returned in an object that the next call reuses: read it before splitting another line.
 */
export function splitLine(line: string): Line {
  // Single-character searches: V8 runs them much faster than two-character ones.
  let close = line.indexOf(']');
  while (close >= 0 && line.charCodeAt(close + 1) !== 32) close = line.indexOf(']', close + 1);
  if (close < 0) return other(line);
  const open = line.lastIndexOf('[', close);
  if (open < 0) return other(line);
  // The timestamp ends at the first ': ' after the CPU; the event name at the next ':'.
  let tsEnd = line.indexOf(':', close + 2);
  while (tsEnd >= 0 && line.charCodeAt(tsEnd + 1) !== 32) tsEnd = line.indexOf(':', tsEnd + 1);
  if (tsEnd < 0) return other(line);
  const evEnd = line.indexOf(':', tsEnd + 2);
  if (evEnd < 0) return other(line);
  let e0 = tsEnd + 2;
  while (line.charCodeAt(e0) === 32) e0++;
  let e1 = evEnd;
  while (e1 > e0 && line.charCodeAt(e1 - 1) === 32) e1--;
  const cpu = digits(line, open + 1, close);
  // Back from the CPU: spaces, an optional `(tgid)`, spaces, the pid, '-'.
  let p = open - 1;
  while (p >= 0 && line.charCodeAt(p) === 32) p--;
  if (line.charCodeAt(p) === 41) {
    const tg = line.lastIndexOf('(', p);
    if (tg < 0) return other(line);
    p = tg - 1;
    while (p >= 0 && line.charCodeAt(p) === 32) p--;
  }
  const pidEnd = p + 1;
  while (p >= 0 && line.charCodeAt(p) >= 48 && line.charCodeAt(p) <= 57) p--;
  const pid = digits(line, p + 1, pidEnd);
  if (line.charCodeAt(p) !== 45 || pid < 0 || cpu < 0 || e1 <= e0 || line.lastIndexOf(' ', e1 - 1) >= e0) {
    return other(line);
  }
  // The timestamp: the last word before its colon, `<secs>.<usecs>`.
  const t0 = line.lastIndexOf(' ', tsEnd - 1) + 1;
  const dot = line.indexOf('.', t0);
  if (dot < 0 || dot > tsEnd || digits(line, t0, dot) < 0 || digits(line, dot + 1, tsEnd) < 0) {
    return { kind: 'malformed', why: `bad timestamp "${line.slice(t0, tsEnd)}"` };
  }
  let q = evEnd + 1;
  while (line.charCodeAt(q) === 32) q++;
  EVENT.event = line.slice(e0, e1);
  EVENT.payload = line.slice(q);
  EVENT.pid = pid;
  EVENT.cpu = cpu;
  return EVENT;
}

/** A line that is not an event: a marker, a header, or garbage. */
function other(line: string): Line {
  const t = line.trim();
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
