import type { BugReport } from './bug.ts';
import {
  cleanSentence,
  DRAIN_HEADING,
  headline,
  originSentence,
  replayCommand,
  violationPlace,
} from './bug-phrases.ts';
import { type EntityChange, fieldText } from './diff.ts';
import { TEXT_WIDTH, wrap, wrapList } from './wrap.ts';

/**
 * The plain-text bug report: what a reviewer pastes into a mailing-list reply. At most 72 columns,
 * numbered steps with the context that ran each, the state that matters at the failing step, and
 * the invariant with its source. Deterministic: no paths, dates or timings.
 * @category Reports
 */
export function bugText(r: BugReport): string {
  const v = r.violation;
  const out: string[] = [];
  out.push(...wrap(headline(r), ''));
  if (r.trace.note !== undefined) out.push('', ...wrap(r.trace.note, ''));
  const inv = v ?? r.expected;
  out.push('');
  out.push(...wrap(`${inv.code}: ${inv.summary}`, 'Invariant  '));
  out.push(...wrap(inv.source || 'the engine', 'Source     '));
  out.push(...wrap(`${r.policy.name}: ${r.policy.summary}`, 'Policy     '));
  if (r.policy.provenance !== null) out.push(...wrap(r.policy.provenance.citation, 'Provenance '));
  if (r.platform !== null) out.push(...wrap(r.platform, 'Platform   '));
  out.push('', 'Steps ([context] operation):');
  for (const [i, op] of r.ops.entries()) {
    const num = op.n === null ? '    ' : `${String(op.n).padStart(3)}.`;
    const lines = wrap(`[${op.ctx}] ${op.text}`, `${num} `, '     ');
    if (isFailingOp(r, i)) {
      const mark = '  <- fails here';
      const lastLine = lines.length - 1;
      if ((lines[lastLine] as string).length + mark.length <= TEXT_WIDTH) lines[lastLine] += mark;
      else lines.push(`     ${mark.trim()}`);
    }
    if (op.n === null && (i === 0 || r.ops[i - 1]?.n !== null)) out.push(`  ${DRAIN_HEADING}`);
    out.push(...lines);
  }
  out.push('');
  if (v === null) {
    out.push(...wrap(cleanSentence(r), ''));
  } else {
    out.push(...wrap(`Violated at step ${v.step} (${violationPlace(r, v)}):`, ''));
    out.push(...wrap(v.message, '  '));
    if (r.failing.length > 0) {
      out.push('', `State at the failing step (what step ${v.step} changed):`);
      out.push(...changesText(r.failing));
    }
    for (const e of r.focus) {
      out.push(`${e.name} as it is then:`);
      out.push(
        ...wrapList(
          e.fields.map((f) => fieldText(f)),
          '  ',
        ),
      );
    }
  }
  out.push('', ...replayText(r));
  return `${out.join('\n')}\n`;
}

function isFailingOp(r: BugReport, i: number): boolean {
  return r.violation?.owner === i;
}

/**
 * One entity a line (or more, wrapped): `obj#0    liveMaps 1 -> 2, touched 5 -> 11`. The names
 * are padded to a column of at most 10; a longer one (`attachment#1`) is followed by one space.
 * @category Reports
 */
export function changesText(changes: readonly EntityChange[], indent = '  '): string[] {
  const pad = Math.min(10, Math.max(...changes.map((c) => c.name.length)) + 1);
  return changes.flatMap((c) => {
    const items = c.fields.map((f) => fieldText(f));
    if (c.created) items[0] = `new: ${items[0] ?? ''}`;
    return wrapList(items, `${indent}${`${c.name} `.padEnd(pad)}`);
  });
}

function replayText(r: BugReport): string[] {
  const origin = originSentence(r);
  return ['Replay:', ...wrap(replayCommand(r), '  '), ...(origin === null ? [] : wrap(`(${origin})`, '  '))];
}
