import { cpus } from 'node:os';

/**
 * Timing helpers. Benchmarks only: nothing outside bench/ reads a clock.
 *
 * Throughput is steps per second of this process's CPU time (user + system), not of wall time: on a
 * shared machine the scheduler takes the core away at random, and CPU time does not count that. On
 * a quiet machine the two agree. Time to bug is wall time (what a user waits for).
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Runs `work` (which returns the steps it executed) repeatedly for about `seconds`; steps per second. */
export function stepsPerSec(work: () => number, seconds: number): number {
  let steps = 0;
  const t0 = cpuMs();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    steps += work();
    t = cpuMs();
  }
  return (steps * 1000) / (t - t0);
}

/** Async variant, for the fuzzing campaign. */
export async function stepsPerSecAsync(work: () => Promise<number>, seconds: number): Promise<number> {
  let steps = 0;
  const t0 = cpuMs();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    steps += await work();
    t = cpuMs();
  }
  return (steps * 1000) / (t - t0);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0
    ? Number.NaN
    : s.length % 2 === 1
      ? (s[m] as number)
      : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function max(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : Math.max(...xs);
}

/** The machine line of the results file: CPU, cores, load, Node version, date. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`;
}
