import type { BugReport } from './bug.ts';
import { cleanSentence, headline, originSentence, replayCommand, violationPlace } from './bug-phrases.ts';
import { type EntityChange, fieldText } from './diff.ts';
import { markdownFence, escapeMarkdown as md } from './escape.ts';

/**
 * The markdown bug report, for an issue tracker: the same content as the text report, with the
 * steps as a table and every step's state change in a collapsed section. Every string from the
 * trace or the model is escaped, so none can become a link, a tag or a table row.
 * @category Reports
 */
export function bugMarkdown(r: BugReport): string {
  const v = r.violation;
  const inv = v ?? r.expected;
  const out: string[] = [`### ${md(headline(r))}`, ''];
  if (r.trace.note !== undefined) out.push(md(r.trace.note), '');
  out.push(`> **${md(inv.code)}**: ${md(inv.summary)}  `, `> source: ${md(inv.source || 'the engine')}`, '');
  out.push(`**Policy** ${md(r.policy.name)}: ${md(r.policy.summary)}`, '');
  if (r.policy.provenance !== null) out.push(`**Provenance** ${md(r.policy.provenance.citation)}`, '');
  if (r.platform !== null) out.push(`**Platform** ${md(r.platform)}`, '');
  out.push('| # | context | operation |', '| ---: | --- | --- |');
  r.ops.forEach((op, i) => {
    const failing = v?.owner === i;
    const text = failing ? `**${md(op.text)}** ← fails here` : md(op.text);
    out.push(`| ${op.n ?? '(drain)'} | ${md(op.ctx)} | ${text} |`);
  });
  out.push('');
  if (v === null) out.push(md(cleanSentence(r)), '');
  else {
    out.push(`**Violated at step ${v.step}** (${md(violationPlace(r, v))}):`, '', markdownFence(v.message), '');
    if (r.failing.length > 0) {
      out.push(`**State at the failing step** (what step ${v.step} changed):`, '');
      out.push(...changesTable(r.failing), '');
    }
    for (const e of r.focus) out.push(`**${md(e.name)}** as it is then: ${md(fieldsText(e))}`, '');
  }
  out.push(`<details><summary>All ${r.steps.length} steps, with what each changed</summary>`, '');
  out.push('| step | op | context | program:label | events | changes |', '| ---: | ---: | --- | --- | --- | --- |');
  for (const s of r.steps) {
    const op = r.ops[s.owner]?.n ?? '';
    const mark = v !== null && s.step === v.step ? ' ⚠' : '';
    const changes = s.changes.map((c) => `${md(c.name)}: ${md(fieldsText(c))}`).join('<br>');
    out.push(
      `| ${s.step}${mark} | ${op} | ${md(s.ctx)} | ${md(`${s.prog}:${s.label}`)} | ${s.events.map(md).join('<br>')} | ${changes} |`,
    );
  }
  out.push('', '</details>', '');
  const origin = originSentence(r);
  out.push(`**Replay:** \`${replayCommand(r)}\`${origin === null ? '' : ` (${md(origin)})`}`);
  return `${out.join('\n')}\n`;
}

function fieldsText(c: EntityChange): string {
  const body = c.fields.map((f) => fieldText(f, '→')).join(', ');
  return c.created ? `new: ${body}` : body;
}

function changesTable(changes: readonly EntityChange[]): string[] {
  return ['| entity | change |', '| --- | --- |', ...changes.map((c) => `| ${md(c.name)} | ${md(fieldsText(c))} |`)];
}
