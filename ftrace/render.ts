import { codeInfo } from './codes.ts';
import type { Finding, Group } from './findings.ts';
import type { TraceReport } from './reader.ts';

/** Findings listed per group in the text and markdown reports (JSON lists every one kept). */
const SHOWN = 20;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const linesOf = (f: Finding): string => `${f.lines.length === 1 ? 'line' : 'lines'} ${f.lines.join(', ')}`;

/** The head line of one trace's report. */
export function headline(r: TraceReport): string {
  const verdict =
    r.errors === 0 && r.warnings === 0 ? 'clean' : `${plural(r.errors, 'violation')}, ${plural(r.warnings, 'warning')}`;
  return `${r.file}: ${verdict} in ${plural(r.lines, 'line')} (${plural(r.events, 'DMA/IOMMU/fence event')}, ${r.otherEvents} other, ${r.malformed} malformed)`;
}

/** What limits the verdict: lost events, a mid-stream start, malformed lines. */
export function caveats(r: TraceReport): string[] {
  const out: string[] = [];
  if (r.midStream !== null) out.push(`starts mid-stream: ${r.midStream}`);
  if (r.lostMarkers > 0) {
    const at = r.lost.map((l) => `line ${l.line} (CPU ${l.cpu}, ${l.count === null ? 'unknown count' : l.count})`);
    out.push(
      `events lost at ${plural(r.lostMarkers, 'marker')}: ${at.join(', ')}${r.lostMarkers > r.lost.length ? ', ...' : ''}; rules they could break are warnings`,
    );
  }
  if (r.malformed > 0) {
    const at = r.malformedLines.map((m) => `${m.line} (${m.why})`);
    out.push(
      `skipped ${plural(r.malformed, 'malformed line')}: ${at.join(', ')}${r.malformed > at.length ? ', ...' : ''}`,
    );
  }
  return out;
}

/** Groups a group's findings by device (NO-LEAK is read per device), keeping their order. */
function byDevice(g: Group): [string | null, Finding[]][] {
  const m = new Map<string | null, Finding[]>();
  for (const f of g.findings) {
    const v = m.get(f.dev);
    if (v === undefined) m.set(f.dev, [f]);
    else v.push(f);
  }
  return [...m];
}

/** The plain-text report of one trace. */
export function traceText(r: TraceReport): string {
  const out = [headline(r)];
  for (const c of caveats(r)) out.push(`  note: ${c}`);
  for (const g of r.groups) {
    const info = codeInfo(g.code);
    out.push('', `${g.severity === 'error' ? 'VIOLATION' : 'WARNING'} ${g.code} (${g.count}): ${info.summary}`);
    out.push(`  source: ${info.source}`);
    let shown = 0;
    for (const [dev, fs] of byDevice(g)) {
      if (g.code === 'NO-LEAK' && dev !== null) out.push(`  ${dev}: ${plural(fs.length, 'mapping')} still live`);
      for (const f of fs) {
        if (shown++ >= SHOWN) break;
        const prefix = g.code === 'NO-LEAK' || dev === null ? '' : `${dev}: `;
        out.push(`    ${linesOf(f)}: ${prefix}${f.message}`);
      }
    }
    if (g.count > SHOWN)
      out.push(`    ... and ${g.count - Math.min(SHOWN, g.findings.length)} more (--json lists up to 1000)`);
  }
  return `${out.join('\n')}\n`;
}

/** The markdown report of one trace (an issue tracker). */
export function traceMarkdown(r: TraceReport): string {
  const esc = (s: string) => s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
  const out = [`### ${esc(headline(r))}`, ''];
  for (const c of caveats(r)) out.push(`- ${esc(c)}`);
  for (const g of r.groups) {
    const info = codeInfo(g.code);
    out.push('', `#### ${g.severity === 'error' ? 'Violation' : 'Warning'} \`${g.code}\` (${g.count})`, '');
    out.push(
      `${esc(info.summary)} (source: ${esc(info.source)})`,
      '',
      '| lines | device | what |',
      '| --- | --- | --- |',
    );
    for (const f of g.findings.slice(0, SHOWN))
      out.push(`| ${f.lines.join(', ')} | ${esc(f.dev ?? '')} | ${esc(f.message)} |`);
    if (g.count > SHOWN) out.push('', `... and ${g.count - SHOWN} more`);
  }
  return `${out.join('\n')}\n`;
}

/** The JSON form of one trace's report: stable field names, added to but never renamed. */
export function traceJson(r: TraceReport): object {
  return {
    file: r.file,
    lines: r.lines,
    events: r.events,
    otherEvents: r.otherEvents,
    errors: r.errors,
    warnings: r.warnings,
    midStream: r.midStream,
    lost: { markers: r.lostMarkers, at: r.lost },
    malformed: { count: r.malformed, at: r.malformedLines },
    devices: r.devices,
    groups: r.groups.map((g) => ({
      code: g.code,
      severity: g.severity,
      count: g.count,
      ...codeInfo(g.code),
      findings: g.findings.map((f) => ({ dev: f.dev, lines: f.lines, message: f.message })),
    })),
  };
}
