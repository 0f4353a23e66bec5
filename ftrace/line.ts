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

const isDigits = (s: string): boolean => s.length > 0 && /^\d+$/.test(s);

/** Splits one line; never throws. `skip` for headers, comments and blank lines. */
export function splitLine(line: string): Line {
  const close = line.indexOf('] ');
  if (close < 0) return other(line);
  const open = line.lastIndexOf('[', close);
  if (open < 0) return other(line);
  const cpuText = line.slice(open + 1, close);
  // The timestamp ends at the first ': ' after the CPU; the event name at the next ':'.
  const tsEnd = line.indexOf(': ', close + 2);
  if (tsEnd < 0) return other(line);
  const evEnd = line.indexOf(':', tsEnd + 2);
  if (evEnd < 0) return other(line);
  const event = line.slice(tsEnd + 2, evEnd).trim();
  let head = line.slice(0, open).trimEnd();
  if (head.endsWith(')')) {
    const tg = head.lastIndexOf('(');
    if (tg > 0) head = head.slice(0, tg).trimEnd();
  }
  const dash = head.lastIndexOf('-');
  const pidText = head.slice(dash + 1);
  if (dash < 0 || !isDigits(pidText) || !isDigits(cpuText.trim()) || event.length === 0 || event.includes(' ')) {
    return other(line);
  }
  // The flags (if any) and the timestamp sit between the CPU and the timestamp's colon.
  const mid = line.slice(close + 2, tsEnd).trim();
  const ts = mid.slice(mid.lastIndexOf(' ') + 1);
  if (!/^\d+\.\d+$/.test(ts)) return { kind: 'malformed', why: `bad timestamp "${ts}"` };
  let p = evEnd + 1;
  while (line.charCodeAt(p) === 32) p++;
  return { kind: 'event', event, payload: line.slice(p), pid: Number(pidText), cpu: Number(cpuText) };
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
