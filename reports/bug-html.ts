import type { ContextName } from '../model/index.ts';
import type { BugReport, BugStep } from './bug.ts';
import { BUG_CSS } from './bug-html-style.ts';
import { cleanSentence, headline, originSentence, replayCommand, violationPlace } from './bug-phrases.ts';
import { type EntityChange, fieldText } from './diff.ts';
import { escapeHtml as h } from './escape.ts';

/** Column headings of the sequence diagram: what kind of thread each context is. */
const CONTEXT_ROLES: Partial<Record<ContextName, string>> = {
  U0: 'ioctl',
  U1: 'ioctl',
  R: 'reclaim',
  G: 'GPU',
  M: 'MMU notifier',
  W: 'worker',
  X: 'exporter',
};

/** A lane's heading: its role, and for the GPU, the platform's GPU device when the trace names one. */
function laneRole(r: BugReport, c: ContextName): string {
  const role = CONTEXT_ROLES[c] ?? '';
  return c === 'G' && r.gpu !== null ? `${role} ${r.gpu}` : role;
}

/**
 * The HTML bug report: one self-contained page (inline CSS, no script, no external URL; a
 * Content-Security-Policy forbids loading anything) with the steps as a sequence diagram across
 * contexts, the state change at each step, and the violation highlighted. Every string is escaped.
 * @category Reports
 */
export function bugHtml(r: BugReport): string {
  const v = r.violation;
  const inv = v ?? r.expected;
  const title = headline(r);
  const parts = [
    ...htmlOpen(title, BUG_CSS),
    `<h1>${h(title)}</h1>`,
    r.trace.note === undefined ? '' : `<p class="note">${h(r.trace.note)}</p>`,
    `<section id="violation" class="${v === null ? 'clean' : 'violated'}">`,
    `<h2><span class="code">${h(inv.code)}</span> ${h(inv.summary)}</h2>`,
    `<p class="source">source: ${h(inv.source || 'the engine')}</p>`,
    v === null
      ? `<p>${h(cleanSentence(r))}</p>`
      : `<p class="where">violated at step ${v.step} (${h(violationPlace(r, v))})</p><pre class="message">${h(v.message)}</pre>`,
    '</section>',
    `<p class="policy"><b>policy</b> ${h(r.policy.name)}: ${h(r.policy.summary)}<br>${provenanceLine(r)}${r.platform === null ? '' : `platform: ${h(r.platform)}<br>`}<span class="source">source: ${h(r.policy.source)}</span></p>`,
    opsList(r),
    v === null ? '' : focusSection(r),
    sequence(r),
    replaySection(r),
    '</body>',
    '</html>',
  ];
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}

function opsList(r: BugReport): string {
  const items = r.ops.map((op, i) => {
    const cls = [op.n === null ? 'drain' : '', r.violation?.owner === i ? 'failing' : '', op.ran ? '' : 'skipped']
      .filter(Boolean)
      .join(' ');
    const num = op.n === null ? 'drain' : String(op.n);
    return `<li${cls === '' ? '' : ` class="${cls}"`}><span class="n">${num}</span> <span class="ctx">[${h(op.ctx)}]</span> ${h(op.text)}</li>`;
  });
  return `<section id="ops"><h2>Operations</h2><ol class="ops">${items.join('')}</ol></section>`;
}

function focusSection(r: BugReport): string {
  const v = r.violation;
  if (v === null || (r.failing.length === 0 && r.focus.length === 0)) return '';
  const focus = r.focus.map((e) => `<h3>${h(e.name)} as it is then</h3>${changeList([e])}`).join('');
  return `<section id="state"><h2>State at the failing step (what step ${v.step} changed)</h2>${changeList(r.failing)}${focus}</section>`;
}

/** The sequence diagram: a lifeline per context, a row per step, an op heading where one starts. */
function sequence(r: BugReport): string {
  const cols = r.contexts;
  const head = cols.map((c) => `<th class="lane-head">${h(c)}<small>${h(laneRole(r, c as ContextName))}</small></th>`);
  const rows: string[] = [];
  let lastOp = -1;
  let lastCtx = '';
  for (const s of r.steps) {
    // A heading for each op that started since the last step, even one that blocked at once and
    // ran no step until later (its steps then follow the heading of the op running when they ran).
    for (; lastOp < s.op; lastOp++) rows.push(opRow(r, lastOp + 1, cols.length + 2));
    rows.push(stepRow(r, s, lastCtx));
    lastCtx = s.ctx;
  }
  return [
    '<section id="sequence"><h2>Sequence</h2>',
    '<table class="seq"><thead><tr><th>step</th>',
    head.join(''),
    '<th>state changes</th></tr></thead><tbody>',
    rows.join('\n'),
    '</tbody></table></section>',
  ].join('');
}

function opRow(r: BugReport, i: number, span: number): string {
  const op = r.ops[i];
  if (op === undefined) return '';
  const num = op.n === null ? 'drain' : `op ${op.n}`;
  const cls = op.ran ? 'op' : 'op skipped';
  return `<tr class="${cls}"><td colspan="${span}">${num} <span class="ctx">[${h(op.ctx)}]</span> ${h(op.text)}</td></tr>`;
}

function stepRow(r: BugReport, s: BugStep, prevCtx: string): string {
  const cols = r.contexts;
  const at = cols.indexOf(s.ctx);
  const from = cols.indexOf(prevCtx);
  const failing = r.violation !== null && r.violation.step === s.step;
  // A switch of context is drawn as an arrow from the previous context's lifeline to this one's.
  const lo = from < 0 || from === at ? at : Math.min(from, at);
  const hi = from < 0 || from === at ? at : Math.max(from, at);
  const lanes = cols.map((_, i) => {
    const pass = lo === hi ? '' : i === lo ? ' pass-lo' : i === hi ? ' pass-hi' : i > lo && i < hi ? ' pass' : '';
    if (i !== at) return `<td class="lane${pass}"></td>`;
    const arrow = lo === hi ? '' : at === hi ? ' from-left' : ' from-right';
    const events = s.events.map((e) => `<li>${h(e)}</li>`).join('');
    const box = `<b>${h(s.prog)}</b>:${h(s.label)}${events === '' ? '' : `<ul class="events">${events}</ul>`}`;
    return `<td class="lane act${pass}${arrow}"><div class="box">${box}</div></td>`;
  });
  const cls = failing ? 'step failing' : 'step';
  return `<tr class="${cls}" id="step-${s.step}" data-ctx="${h(s.ctx)}"><td class="n">${s.step}</td>${lanes.join('')}<td class="diff">${changeList(s.changes)}</td></tr>`;
}

function changeList(changes: readonly EntityChange[]): string {
  if (changes.length === 0) return '';
  const items = changes.map((c) => {
    const fields = c.fields.map((f) => h(fieldText(f, '→'))).join(', ');
    return `<li><span class="entity">${h(c.name)}</span>${c.created ? ' <i>new</i>' : ''} ${fields}</li>`;
  });
  return `<ul class="changes">${items.join('')}</ul>`;
}

function replaySection(r: BugReport): string {
  const origin = originSentence(r);
  return `<footer><code>${h(replayCommand(r))}</code>${origin === null ? '' : `<br>${h(origin)}`}</footer>`;
}

/** The policy's provenance (kind, then its citation), on its own line under the policy's name. */
function provenanceLine(r: BugReport): string {
  const pv = r.policy.provenance;
  return pv === null ? '' : `<span class="provenance">provenance: ${h(pv.citation)}</span><br>`;
}

/**
 * The start of a self-contained report page, up to `<body>`: no scripts, no outside resources
 * (the Content-Security-Policy forbids both), the title escaped, the stylesheet inline.
 */
export function htmlOpen(title: string, css: string): string[] {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
  ];
}
