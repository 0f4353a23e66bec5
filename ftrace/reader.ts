import { type CheckOptions, type CheckResult, TraceChecker } from './checker.ts';
import { BadPayload, KNOWN_EVENTS } from './events.ts';
import { splitLine } from './line.ts';
import { parseEvent } from './parse.ts';

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

  line(text: string): void {
    const n = ++this.n;
    if (n === 1 && isBinary(text)) {
      throw new TraceInputError(
        `${this.file} is a binary trace-cmd file (trace.dat): run \`trace-cmd report ${this.file} > trace.txt\` and check trace.txt`,
      );
    }
    const l = splitLine(text);
    switch (l.kind) {
      case 'event': {
        if (!KNOWN_EVENTS.has(l.event)) {
          this.other++;
          return;
        }
        let ev: ReturnType<typeof parseEvent>;
        try {
          ev = parseEvent(l.event, l.payload);
        } catch (e) {
          if (!(e instanceof BadPayload)) throw e;
          this.bad(n, `${l.event}: ${e.message}`);
          return;
        }
        this.events++;
        if (ev !== null) this.checker.event(ev, n, l.pid, l.cpu);
        return;
      }
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

/** trace-cmd's trace.dat starts with "\x17\x08\x44tracing"; any NUL byte means binary too. */
function isBinary(first: string): boolean {
  return first.startsWith('\u0017\u0008Dtracing') || first.includes('\u0000');
}

/** Checks a trace given as lines (tests, benchmarks). */
export function checkLines(file: string, lines: Iterable<string>, opts: CheckOptions = {}): TraceReport {
  const r = new TraceReader(file, opts);
  for (const l of lines) r.line(l);
  return r.finish();
}
