import type { TraceCode } from './codes.ts';

/**
 * error: the events shown break the rule. warning: they break it only if the trace is complete,
 * which lost events or a trace starting mid-stream leave open (never a false error).
 */
export type Severity = 'error' | 'warning';

/** One violation, with the line numbers of the events involved. */
export interface Finding {
  readonly code: TraceCode;
  readonly severity: Severity;
  /** The device of the DMA events involved; null for IOMMU and fence findings. */
  readonly dev: string | null;
  readonly message: string;
  /** Line numbers of the events involved, in order. */
  readonly lines: readonly number[];
}

/** At most this many findings are kept per code and severity; the rest are only counted. */
export const KEEP_PER_GROUP = 1000;

/** Findings of one code and severity: how many, and the first KEEP_PER_GROUP of them. */
export interface Group {
  readonly code: TraceCode;
  readonly severity: Severity;
  count: number;
  readonly findings: Finding[];
}

/** Collects findings grouped by code and severity, in a bounded amount of memory. */
export class Findings {
  private readonly groups = new Map<string, Group>();

  add(f: Finding): void {
    const key = `${f.severity}:${f.code}`;
    let g = this.groups.get(key);
    if (g === undefined) {
      g = { code: f.code, severity: f.severity, count: 0, findings: [] };
      this.groups.set(key, g);
    }
    g.count++;
    if (g.findings.length < KEEP_PER_GROUP) g.findings.push(f);
  }

  /** Errors first, then warnings; within each, codes in the order they were first found. */
  list(): Group[] {
    const gs = [...this.groups.values()];
    return [...gs.filter((g) => g.severity === 'error'), ...gs.filter((g) => g.severity === 'warning')];
  }

  count(severity: Severity): number {
    let n = 0;
    for (const g of this.groups.values()) if (g.severity === severity) n += g.count;
    return n;
  }
}
