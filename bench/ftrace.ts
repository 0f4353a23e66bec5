import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { checkFile, TraceReader } from '../ftrace/index.ts';
import { ftraceLog, LIVE } from './ftrace-log.ts';
import { cpuMs } from './measure.ts';
import { int, rate, table } from './table.ts';

/** One log size's figures. */
export interface TraceRow {
  readonly lines: number;
  readonly mb: number;
  readonly cpuLinesPerSec: number;
  readonly wallLinesPerSec: number;
  /** Highest heap seen while checking, sampled every 5 ms, in MB (garbage included). */
  readonly peakHeapMb: number;
  /** Highest heap left after a full GC, taken every 250,000 lines, in MB: what the checker keeps. */
  readonly retainedMb: number;
  readonly clean: boolean;
}

/** A full garbage collection, in a process started without --expose-gc. */
function gcNow(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** The most heap the checker keeps while reading `lines` generated lines (after a GC every 250,000). */
function retained(lines: number): number {
  const gc = gcNow();
  const r = new TraceReader('bench');
  let n = 0;
  let most = 0;
  for (const l of ftraceLog(lines)) {
    r.line(l);
    if (++n % 250_000 === 0) {
      gc();
      most = Math.max(most, process.memoryUsage().heapUsed);
    }
  }
  r.finish();
  return most / 2 ** 20;
}

/** Writes the generated log of `lines` lines to `path`, in 1 MB chunks. */
function writeLog(path: string, lines: number): void {
  const fd = openSync(path, 'w');
  let buf: string[] = [];
  let size = 0;
  for (const l of ftraceLog(lines)) {
    buf.push(l);
    size += l.length + 1;
    if (size > 1 << 20) {
      writeSync(fd, `${buf.join('\n')}\n`);
      buf = [];
      size = 0;
    }
  }
  if (buf.length > 0) writeSync(fd, `${buf.join('\n')}\n`);
  closeSync(fd);
}

/**
 * `dmacheck trace` end to end (chunks of the file cut into lines, parse, check) on generated logs of growing
 * size: lines per second of CPU time and of wall time, and the peak heap, which must not grow with
 * the log (at most LIVE mappings are live at once).
 */
export async function traceThroughput(sizes: readonly number[]): Promise<TraceRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dmacheck-ftrace-bench-'));
  const rows: TraceRow[] = [];
  try {
    for (const lines of sizes) {
      const path = join(dir, `log-${lines}.txt`);
      writeLog(path, lines);
      let peak = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 5);
      const c0 = cpuMs();
      const w0 = performance.now();
      const r = await checkFile(path);
      const wall = performance.now() - w0;
      const cpu = cpuMs() - c0;
      clearInterval(sampler);
      rows.push({
        lines: r.lines,
        mb: statSync(path).size / 2 ** 20,
        cpuLinesPerSec: (r.lines * 1000) / cpu,
        wallLinesPerSec: (r.lines * 1000) / wall,
        peakHeapMb: peak / 2 ** 20,
        retainedMb: lines >= 250_000 ? retained(lines) : Number.NaN,
        clean: r.errors + r.warnings + r.malformed === 0,
      });
      rmSync(path);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function traceTable(rows: readonly TraceRow[]): string {
  return table(
    ['lines', 'log size', 'lines/s (CPU)', 'lines/s (wall)', 'peak heap', 'heap kept (after GC)', 'verdict'],
    rows.map((r) => [
      int(r.lines),
      `${r.mb.toFixed(0)} MB`,
      rate(r.cpuLinesPerSec),
      rate(r.wallLinesPerSec),
      `${r.peakHeapMb.toFixed(1)} MB`,
      Number.isNaN(r.retainedMb) ? '-' : `${r.retainedMb.toFixed(1)} MB`,
      r.clean ? 'clean' : 'NOT clean',
    ]),
    ['r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}

export const TRACE_NOTE = `Generated logs (bench/ftrace-log.ts: NIC map/sync/unmap with the iommu-dma IOMMU events, GPU sg tables, fences, 25% unrelated sched_switch lines; at most ${LIVE} mappings live at once), checked end to end by \`checkFile\` (256 KiB chunks of bytes cut into lines, parse in place, every check), one core.`;

/** `node --import tsx bench/ftrace.ts`: this part of the benchmarks alone. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.env.BENCH_QUICK === '1';
  const rows = await traceThroughput(quick ? [10_000, 100_000] : [100_000, 1_000_000, 3_000_000]);
  process.stdout.write(`${TRACE_NOTE}\n\n${traceTable(rows)}\n`);
}
