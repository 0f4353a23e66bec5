import type { TraceCode } from './codes.ts';
import type { TraceEvent } from './events.ts';

type FenceEvent = Extract<TraceEvent, { kind: 'fence' }>;

/** `error` is downgraded to a warning by the caller when events were lost between `from` and the last line. */
export type FenceReport = (
  code: TraceCode,
  severity: 'error' | 'warning',
  message: string,
  lines: number[],
  from: number,
) => void;

interface FenceState {
  readonly context: number;
  readonly seqno: number;
  readonly driver: string;
  readonly timeline: string;
  init: number | null;
  emitted: number | null;
  enabled: number | null;
  signaled: number | null;
}

const CAP = 65536;

/** One number for a context and seqno below 2^32 each (exact below 2^53), else a string. */
const fenceKey = (context: number, seqno: number): number | string =>
  context < 2 ** 21 && seqno < 2 ** 32 ? context * 2 ** 32 + seqno : `${context}:${seqno}`;

function fresh(ev: FenceEvent, init: number | null): FenceState {
  return {
    context: ev.context,
    seqno: ev.seqno,
    driver: ev.driver,
    timeline: ev.timeline,
    init,
    emitted: null,
    enabled: null,
    signaled: null,
  };
}

/** include/linux/dma-fence.h __dma_fence_is_later for 32-bit seqnos: `(int)(f1 - f2) > 0`. */
const isLater = (a: number, b: number): boolean => ((a - b) | 0) > 0;

/** A fence as the reports name it: `context:seqno (driver timeline)`. */
const nameOf = (f: FenceState): string => `${f.context}:${f.seqno} (${f.driver} ${f.timeline})`;

/**
 * The dma_fence rules a trace shows (include/trace/events/dma_fence.h; a fence is named by its
 * context and seqno: contexts come from the global dma_fence_context_alloc counter).
 *
 * FENCE-ONCE: drivers/dma-buf/dma-fence.c traces dma_fence_signaled only when
 * test_and_set_bit(DMA_FENCE_FLAG_SIGNALED_BIT) finds the fence unsignalled, so a fence object is
 * traced signalled at most once. Two dma_fence_signaled of one context:seqno without a
 * dma_fence_init between therefore mean two live fences share a context and seqno (a timeline
 * reusing a seqno), or a fence was re-initialised untraced: a break of the one-signal rule either way.
 *
 * FENCE-FINITE: dma_fence_release (traced dma_fence_destroy) WARNs "Fence %s:%s:%llx:%llx released
 * with pending signals!" when callbacks are pending on an unsignalled fence. Callbacks need
 * signalling enabled, traced as dma_fence_enable_signal (only for fences whose ops have
 * enable_signaling, so this is a lower bound): destroy after enable_signal without a signal is an
 * error. A fence emitted (published to the hardware) and destroyed unsignalled is a warning: every
 * published fence must signal (Documentation/driver-api/dma-buf.rst, indefinite fences), but with no
 * waiter left nothing is stuck. The model has no FENCE-FINITE property: a trace-only rule.
 */
export class FenceChecker {
  /** By fenceKey: context and seqno in one number when they fit (no string per event). */
  private readonly fences = new Map<number | string, FenceState>();

  /** The highest seqno traced signalled on each context, and where (for the order check). */
  private readonly highest = new Map<number, { seqno: number; line: number }>();

  private readonly report: FenceReport;

  constructor(report: FenceReport) {
    this.report = report;
  }

  event(ev: FenceEvent, line: number): void {
    const key = fenceKey(ev.context, ev.seqno);
    if (ev.fn === 'dma_fence_init') {
      this.fences.delete(key);
      this.put(key, fresh(ev, line));
      return;
    }
    let f = this.fences.get(key);
    if (f === undefined) {
      f = fresh(ev, null);
      this.put(key, f);
    }
    switch (ev.fn) {
      case 'dma_fence_emit':
        f.emitted ??= line;
        break;
      case 'dma_fence_enable_signal':
        f.enabled ??= line;
        break;
      case 'dma_fence_signaled':
        if (f.signaled !== null) {
          this.report(
            'FENCE-ONCE',
            'error',
            `fence ${nameOf(f)} traced signalled again, first at line ${f.signaled}, with no dma_fence_init between (dma_fence_signal traces only a fence's first signal)`,
            [f.signaled, line],
            f.signaled,
          );
        } else {
          f.signaled = line;
          this.ordered(f, line);
        }
        break;
      case 'dma_fence_destroy':
        this.fences.delete(key);
        if (f.signaled !== null) break;
        if (f.enabled !== null) {
          this.report(
            'FENCE-FINITE',
            f.init === null ? 'warning' : 'error',
            `fence ${nameOf(f)} destroyed unsignalled after signalling was enabled at line ${f.enabled} (dma_fence_release: "released with pending signals!")`,
            [f.init ?? f.enabled, f.enabled, line].filter((x, i, a) => a.indexOf(x) === i),
            f.init ?? f.enabled,
          );
        } else if (f.emitted !== null) {
          this.report(
            'FENCE-FINITE',
            'warning',
            `fence ${nameOf(f)} emitted at line ${f.emitted} and destroyed without ever signalling`,
            [f.emitted, line],
            f.emitted,
          );
        }
        break;
      case 'dma_fence_wait_start':
      case 'dma_fence_wait_end':
        break;
    }
  }

  /**
   * FENCE-ONCE, order: a fence traced signalled after a later fence of its context. The rule is the
   * DOC "DMA fences overview" of drivers/dma-buf/dma-fence.c (in Documentation/driver-api/dma-buf.rst):
   * "all fences on the same context are fully ordered", which dma_fence_is_later() and
   * dma_fence_later() ("the fence that would be signaled last") rely on. It is ambiguous about
   * what is ordered: the hardware completes the fences of a context in order, but the trace records
   * when a fence's SIGNALED bit is set, and dma_fence_is_signaled() sets it on a fence whose
   * ops->signaled() reports it complete, from whichever task polls it; a dma_fence_chain node is
   * signalled only when someone enables signalling on it. So a correct driver can have fence n+1
   * traced signalled before fence n: a warning, never an error. Seqnos are compared as
   * __dma_fence_is_later does for 32-bit seqnos (the tracepoint stores `unsigned int seqno`): a
   * wrapping comparison of the low 32 bits. Fences of context 0 (dma_fence_get_stub and the
   * private stubs, all seqno 0) never compare later.
   */
  private ordered(f: FenceState, line: number): void {
    const h = this.highest.get(f.context);
    if (h === undefined) {
      if (this.highest.size >= CAP) this.highest.clear();
      this.highest.set(f.context, { seqno: f.seqno, line });
      return;
    }
    if (isLater(h.seqno, f.seqno)) {
      this.report(
        'FENCE-ONCE',
        'warning',
        `fence ${nameOf(f)} traced signalled after seqno ${h.seqno} of its context (line ${h.line}): the fences of one context are fully ordered, but dma_fence_is_signaled() can signal a later fence first (an order of trace events, not necessarily of completion)`,
        [h.line, line],
        h.line,
      );
    } else if (isLater(f.seqno, h.seqno)) {
      h.seqno = f.seqno;
      h.line = line;
    }
  }

  /** Fences still unsignalled at the end are not judged: the trace may simply end before they signal. */
  finish(): void {}

  private put(key: number | string, f: FenceState): void {
    this.fences.set(key, f);
    if (this.fences.size > CAP) this.fences.delete(this.fences.keys().next().value ?? '');
  }
}
