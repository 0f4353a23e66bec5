import { caveats, codeInfo, type Finding, type Group, headline, type TraceReport } from '../ftrace/index.ts';
import { htmlOpen } from './bug-html.ts';
import { BUG_CSS } from './bug-html-style.ts';
import { escapeHtml as h } from './escape.ts';

/** The trace report's own rules, after the bug report's (colours, fonts, the violation box). */
const TRACE_CSS = `
table.findings, table.groups { border-collapse: collapse; margin: .4em 0 1em; }
.findings th, .findings td, .groups th, .groups td { border-bottom: 1px solid var(--line); padding: 2px 8px;
  text-align: left; vertical-align: top; }
.findings td.lines, .groups td.count { font-family: ui-monospace, monospace; white-space: nowrap; }
.findings td.what { font-family: ui-monospace, monospace; font-size: 12.5px; }
section.group { border-left: 5px solid var(--bad); padding: .1em 1em; margin: 1em 0; }
section.group.warning { border-color: var(--muted); }
.warning .code { color: var(--muted); }
ul.notes { color: var(--muted); }
h2.verdict.violated { color: var(--bad); } h2.verdict.clean { color: var(--ok); }
`;

/**
 * The HTML report of `dmacheck trace`: one self-contained page for all the traces checked (inline
 * CSS, no script, nothing loaded: the bug report's Content-Security-Policy and style), each trace
 * with its verdict, what limits it (lost events, a mid-stream start, malformed lines), a table of
 * its rules broken and, per rule, every finding kept with the line numbers of its events. Every
 * string from the trace is escaped; the same reports give the same bytes.
 * @category Reports
 */
export function traceHtml(reports: readonly TraceReport[]): string {
  const errors = reports.reduce((n, r) => n + r.errors, 0);
  const warnings = reports.reduce((n, r) => n + r.warnings, 0);
  const title =
    reports.length === 1 && reports[0] !== undefined
      ? `dmacheck trace: ${headline(reports[0])}`
      : `dmacheck trace: ${errors} violation(s), ${warnings} warning(s) in ${reports.length} traces`;
  const parts = [
    ...htmlOpen(title, `${BUG_CSS}${TRACE_CSS}`),
    `<h1>${h(title)}</h1>`,
    ...reports.map((r, i) => traceSection(r, i)),
    '</body>',
    '</html>',
  ];
  return `${parts.join('\n')}\n`;
}

function traceSection(r: TraceReport, i: number): string {
  const notes = caveats(r);
  const verdict = r.errors > 0 ? 'violated' : 'clean';
  const out = [
    `<section class="trace" id="trace-${i}">`,
    `<h2 class="verdict ${verdict}">${h(headline(r))}</h2>`,
    notes.length === 0 ? '' : `<ul class="notes">${notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>`,
    r.devices.length === 0
      ? ''
      : `<p class="devices">devices: ${r.devices.map((d) => `<code>${h(d)}</code>`).join(' ')}</p>`,
  ];
  if (r.groups.length > 0) {
    const rows = r.groups.map(
      (g, j) =>
        `<tr class="${g.severity}"><td><a href="#trace-${i}-${j}"><span class="code">${h(g.code)}</span></a></td><td>${g.severity}</td><td class="count">${g.count}</td><td>${h(codeInfo(g.code).summary)}</td></tr>`,
    );
    out.push(
      `<table class="groups"><thead><tr><th>rule</th><th>severity</th><th>count</th><th>what it says</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
    out.push(...r.groups.map((g, j) => groupSection(g, `trace-${i}-${j}`)));
  }
  out.push('</section>');
  return out.filter((p) => p !== '').join('\n');
}

function groupSection(g: Group, id: string): string {
  const info = codeInfo(g.code);
  const rows = g.findings.map(findingRow);
  const more = g.count - g.findings.length;
  return [
    `<section class="group ${g.severity}" id="${id}">`,
    `<h3><span class="code">${h(g.code)}</span> ${g.severity === 'error' ? 'VIOLATION' : 'WARNING'} (${g.count})</h3>`,
    `<p>${h(info.summary)}</p>`,
    `<p class="source">source: ${h(info.source)}</p>`,
    `<table class="findings"><thead><tr><th>lines</th><th>device</th><th>what</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    more > 0 ? `<p class="more">... and ${more} more, counted but not kept</p>` : '',
    '</section>',
  ]
    .filter((p) => p !== '')
    .join('\n');
}

function findingRow(f: Finding): string {
  return `<tr><td class="lines">${f.lines.join(', ')}</td><td>${h(f.dev ?? '')}</td><td class="what">${h(f.message)}</td></tr>`;
}
