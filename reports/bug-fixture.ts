import { type Trace, traceOp } from '../fuzz/index.ts';
import { S } from '../generators/index.ts';
import { DEFAULT_CONFIG } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type BugReport, bugReport } from './bug.ts';

/**
 * The small fixed counterexample the report formats are pinned with: B01, the sequence of commit
 * e2273302's message (create; bind into the GGTT; bind into a PPGTT maps the pages a second time).
 */
export const B01_TRACE: Trace = {
  format: 'dmacheck-trace',
  version: 1,
  policy: 'i915-2015-before-e2273302',
  expect: { code: 'MAP-SINGLE' },
  mask: [],
  note: 'KERNEL.md B01: every bind maps the pages again',
  origin: {
    campaignSeed: 1,
    fastCheck: { seed: -1640531536, path: '3:2:0:0:4:6:6:2:3:3:3' },
    maxOps: 24,
    runsToFind: 4,
    shrunkFrom: 6,
    shrinks: 14,
  },
  config: DEFAULT_CONFIG,
  ops: [S.create(), S.bind(0, 0), S.bind(0, 1)].map(traceOp),
};

export function b01Report(): BugReport {
  return bugReport(B01_TRACE, policies['i915-2015-before-e2273302']);
}

/**
 * A counterexample across three contexts, for the sequence diagram: the GPU reads obj#0 through the
 * GGTT (U0), a second binding leaks the first mapping, the GPU completes (G), reclaim releases the
 * pages under the leaked mapping (R). NO-LEAK, with the earlier violations masked.
 */
export const NO_LEAK_TRACE: Trace = {
  ...B01_TRACE,
  expect: { code: 'NO-LEAK' },
  mask: ['MAP-SINGLE', 'DIRTY-AFTER-TEARDOWN'],
  note: 'KERNEL.md B01: the first IOVA range leaks',
  ops: [S.create(), S.execbuf(0, 0), S.bind(0, 1), S.signal('U0'), S.unbind(0, 0), S.unbind(0, 1), S.shrink()].map(
    traceOp,
  ),
};
