import type { TraceCode } from './codes.ts';
import type { Severity } from './findings.ts';
import type { History, Live, LiveSet } from './live.ts';

/** What the check modules (unmaps.ts, syncs.ts) need of the checker's state. */
export interface CheckContext {
  readonly live: LiveSet;
  readonly history: History;
  add(code: TraceCode, severity: Severity, dev: string | null, message: string, lines: number[]): void;
  /** error, unless events lost between lines a and b could explain what was seen. */
  sev(a: number, b: number): Severity;
  /** For an address the trace never mapped: an error only for a complete trace without gaps before it. */
  unknownSev(line: number): Severity;
  /** The mapping's unmap or free was seen (`pid`: the task; -1 when taken as unmapped). */
  release(l: Live, line: number, pid: number): void;
}
