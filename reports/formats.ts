import { traceJson } from '../fuzz/index.ts';
import type { BugReport } from './bug.ts';
import { bugHtml } from './bug-html.ts';
import { bugMarkdown } from './bug-markdown.ts';
import { bugText } from './bug-text.ts';

/**
 * The renderings of a bug report, keyed by `report --format` name. `fuzz --out` writes one file per
 * entry (`<policy>--<CODE>.<ext>`); `json` is the trace itself, which `replay` reads back, with the
 * policy's provenance beside its name.
 * @category Reports
 */
export const REPORT_FORMATS = {
  /** The mailing-list reply (`bugText`). */
  text: { ext: 'txt', render: bugText },
  /** The issue-tracker page (`bugMarkdown`). */
  md: { ext: 'md', render: bugMarkdown },
  /** The offline sequence-diagram page (`bugHtml`). */
  html: { ext: 'html', render: bugHtml },
  /** The trace itself, with the policy's provenance: `replay` and `report` read it back. */
  json: {
    ext: 'json',
    render: (r: BugReport) =>
      traceJson(r.policy.provenance === null ? r.trace : { ...r.trace, provenance: r.policy.provenance }),
  },
} as const satisfies Record<string, { readonly ext: string; readonly render: (r: BugReport) => string }>;

/** A `report --format` name: a key of `REPORT_FORMATS`. @category Reports */
export type ReportFormat = keyof typeof REPORT_FORMATS;
/** The `report --format` names, in `REPORT_FORMATS` order. @category Reports */
export const REPORT_FORMAT_NAMES = Object.keys(REPORT_FORMATS) as ReportFormat[];
