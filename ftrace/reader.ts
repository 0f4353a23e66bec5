import { type CheckOptions, type CheckResult, TraceChecker } from './checker.ts';
import { BadPayload, type TraceEvent } from './events.ts';
import { eventName, HEAD, splitBytes } from './line.ts';
import { PayloadParser } from './parse.ts';

/** What one trace held and what the checks found. */
export interface TraceReport extends CheckResult {
  readonly file: string;
  readonly lines: number;
  /** DMA, IOMMU and dma_fence events read. */
  readonly events: number;
  /** Events of other kinds, skipped. */
  readonly otherEvents: number;
  readonly malformed: number;
  /** The first MAX_LISTED malformed lines. */
  readonly malformedLines: readonly { readonly line: number; readonly why: string }[];
  /** Lost-event markers, the first MAX_LISTED of them. */
  readonly lost: readonly { readonly line: number; readonly cpu: number; readonly count: number | null }[];
  readonly lostMarkers: number;
}

export const MAX_LISTED = 20;

/** A bad input file: one line for the user, exit code 2. */
export class TraceInputError extends Error {}

/**
 * Reads a trace line by line, in order, and checks it. Holds no line after it is read: memory is
 * bounded by the live mappings and fences (and bounded histories), whatever the trace's length.
 */
export class TraceReader {
  private readonly checker: TraceChecker;
  private readonly parser = new PayloadParser();
  private n = 0;
  private events = 0;
  private other = 0;
  private malformed = 0;
  private readonly malformedLines: { line: number; why: string }[] = [];
  private readonly lost: { line: number; cpu: number; count: number | null }[] = [];
  private lostMarkers = 0;

  private readonly file: string;

  constructor(file: string, opts: CheckOptions = {}) {
    this.file = file;
    this.checker = new TraceChecker(opts);
  }

  /** Reads one line given as a string (tests; files are read as bytes, see `bytes`). */
  line(text: string): void {
    const b = Buffer.from(text, 'utf8');
    this.bytes(b, 0, b.length);
  }

  /** Reads the line b[s, e), without its newline. */
  bytes(b: Buffer, s: number, e: number): void {
    const n = ++this.n;
    if (n === 1 && isBinary(b, s, e)) {
      throw new TraceInputError(
        `${this.file} is a binary trace-cmd file (trace.dat): run \`trace-cmd report ${this.file} > trace.txt\` and check trace.txt`,
      );
    }
    const l = splitBytes(b, s, e);
    if (l === null) {
      const name = eventName(b, HEAD.e0, HEAD.e1);
      if (name === null) {
        this.other++;
        return;
      }
      const { pid, cpu } = HEAD;
      let ev: TraceEvent | null;
      try {
        ev = this.parser.parse(name, b, HEAD.p0, e);
      } catch (err) {
        if (!(err instanceof BadPayload)) throw err;
        this.bad(n, `${name}: ${err.message}`);
        return;
      }
      this.events++;
      if (ev !== null) this.checker.event(ev, n, pid, cpu);
      return;
    }
    switch (l.kind) {
      case 'event':
        throw new Error('splitBytes returns null for event lines'); // cannot happen: see splitBytes
      case 'lost':
        this.lostMarkers++;
        if (this.lost.length < MAX_LISTED) this.lost.push({ line: n, cpu: l.cpu, count: l.count });
        this.checker.lost(l.cpu, n);
        return;
      case 'buffer-started':
        this.checker.bufferStarted(l.cpu, n);
        return;
      case 'entries':
        this.checker.entries(l.inBuffer, l.written);
        return;
      case 'skip':
        return;
      case 'malformed':
        this.bad(n, l.why);
        return;
    }
  }

  finish(): TraceReport {
    return {
      file: this.file,
      lines: this.n,
      events: this.events,
      otherEvents: this.other,
      malformed: this.malformed,
      malformedLines: this.malformedLines,
      lost: this.lost,
      lostMarkers: this.lostMarkers,
      ...this.checker.finish(),
    };
  }

  private bad(line: number, why: string): void {
    this.malformed++;
    if (this.malformedLines.length < MAX_LISTED) this.malformedLines.push({ line, why });
  }
}

const DAT_MAGIC = Buffer.from('\u0017\u0008Dtracing', 'latin1');

/** trace-cmd's trace.dat starts with "\x17\x08\x44tracing"; any NUL byte means binary too. */
function isBinary(b: Buffer, s: number, e: number): boolean {
  if (e - s >= DAT_MAGIC.length && b.subarray(s, s + DAT_MAGIC.length).equals(DAT_MAGIC)) return true;
  const nul = b.indexOf(0, s);
  return nul >= 0 && nul < e;
}

/** Checks a trace given as lines (tests, benchmarks). */
export function checkLines(file: string, lines: Iterable<string>, opts: CheckOptions = {}): TraceReport {
  const r = new TraceReader(file, opts);
  for (const l of lines) r.line(l);
  return r.finish();
}
