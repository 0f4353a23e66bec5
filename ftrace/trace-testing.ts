import { checkLines, type TraceReport } from './reader.ts';

/** A /sys/kernel/tracing/trace line of `event` with `payload`, as the kernel prints it. */
export function kline(event: string, payload: string, pid = 812, cpu = 3, ts = '91.000417'): string {
  return `     i915_test-${pid}      [${String(cpu).padStart(3, '0')}] .....    ${ts}: ${event}: ${payload}`;
}

/** Checks the lines, each either a full line or `[event, payload]`. */
export function check(lines: readonly (string | readonly [string, string])[], fromStart = false): TraceReport {
  return checkLines(
    'test',
    lines.map((l) => (typeof l === 'string' ? l : kline(l[0], l[1]))),
    { fromStart },
  );
}

/** Each finding as `SEVERITY CODE lines`, for compact assertions. */
export function verdicts(r: TraceReport): string[] {
  return r.groups.flatMap((g) => g.findings.map((f) => `${g.severity} ${g.code} ${f.lines.join(',')}`));
}
