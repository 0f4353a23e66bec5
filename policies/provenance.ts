import { match } from 'ts-pattern';
import { isPlatformName, type Policy, type Provenance } from '../model/index.ts';
import { isInvariantCode } from '../properties/index.ts';

/** A commit hash as provenance cites it: 12 to 40 lowercase hex digits. */
const COMMIT_ID = /^[0-9a-f]{12,40}$/;

/** What a policy's labels are checked against: the names registered, and the renames (RENAMED). */
export interface Catalogue {
  readonly names: readonly string[];
  readonly renamed: Readonly<Record<string, string>>;
}

/**
 * What is wrong with a built-in policy's labels, one line each; empty when nothing: no provenance,
 * a malformed citation, a buggy commit policy that names no fix, an `expects` code the invariant
 * registry does not have, a twin that resolves to no registered policy.
 */
export function provenanceProblems(p: Policy, cat: Catalogue): string[] {
  const out: string[] = [];
  if (p.provenance === undefined) out.push(`${p.name}: no provenance`);
  else out.push(...kindProblems(p, p.provenance).map((s) => `${p.name}: ${s}`));
  if (p.simplifications === undefined) out.push(`${p.name}: no simplifications list (empty when none)`);
  for (const code of p.expects) if (!isInvariantCode(code)) out.push(`${p.name}: expects unknown code ${code}`);
  for (const [code, where] of Object.entries(p.onlyOn ?? {})) {
    if (!p.expects.includes(code)) out.push(`${p.name}: onlyOn names ${code}, which it does not expect`);
    for (const name of where)
      if (!isPlatformName(name)) out.push(`${p.name}: onlyOn ${code}: unknown platform ${name}`);
  }
  if (p.twin !== undefined && !cat.names.includes(cat.renamed[p.twin] ?? p.twin)) {
    out.push(`${p.name}: twin ${p.twin} is not a registered policy`);
  }
  return out;
}

function kindProblems(p: Policy, pv: Provenance): string[] {
  const empty = (fields: Record<string, string>) =>
    Object.entries(fields)
      .filter(([, v]) => v.trim() === '')
      .map(([k]) => `${pv.kind} provenance has an empty ${k}`);
  const badId = (what: string, id: string) =>
    COMMIT_ID.test(id) ? [] : [`${what} "${id}" is not 12-40 lowercase hex digits`];
  return match(pv)
    .with({ kind: 'commit' }, (c) => [
      ...badId('commit id', c.id),
      ...empty({ title: c.title }),
      ...(c.fixedBy === undefined ? [] : badId('fixedBy', c.fixedBy)),
      ...(c.fixes ?? []).flatMap((f) => badId('fixes', f)),
      ...(p.expects.length > 0 && c.before !== true && c.fixedBy === undefined
        ? ['a buggy policy of a commit names its fix (before: true, or fixedBy)']
        : []),
    ])
    .with({ kind: 'patch' }, (c) => empty({ messageId: c.messageId, title: c.title }))
    .with({ kind: 'rejected' }, (c) => empty({ messageId: c.messageId, title: c.title, review: c.review }))
    .with({ kind: 'design' }, (c) => empty({ thread: c.thread, title: c.title }))
    .with({ kind: 'documented' }, (c) => empty({ doc: c.doc, section: c.section }))
    .with({ kind: 'constructed' }, (c) => empty({ rule: c.rule, where: c.where }))
    .exhaustive();
}

/** RENAMED entries whose new name is not registered, or whose old name still is. */
export function renamedProblems(cat: Catalogue): string[] {
  return Object.entries(cat.renamed).flatMap(([from, to]) => [
    ...(cat.names.includes(to) ? [] : [`renamed ${from} -> ${to}: ${to} is not a registered policy`]),
    ...(cat.names.includes(from) ? [`renamed ${from} -> ${to}: ${from} is still registered`] : []),
  ]);
}

/** One line citing a policy's provenance: its kind, then id and title, Message-ID or doc section. */
export function provenanceCitation(pv: Provenance | undefined): string {
  if (pv === undefined) return 'unclassified (no provenance)';
  return match(pv)
    .with({ kind: 'commit' }, (c) => {
      const fixed = c.fixedBy === undefined ? '' : `; fixed by ${c.fixedBy}`;
      return `commit: ${c.before === true ? 'before ' : ''}${c.id} "${c.title}"${fixed}`;
    })
    .with({ kind: 'patch' }, (c) => `patch, not merged: "${c.title}" <${c.messageId}>`)
    .with({ kind: 'rejected' }, (c) => `rejected: "${c.title}" <${c.messageId}>; review: ${c.review}`)
    .with({ kind: 'design' }, (c) => `design: ${c.title} (${c.thread})`)
    .with({ kind: 'documented' }, (c) => `documented: ${c.doc}, ${c.section}`)
    .with({ kind: 'constructed' }, (c) => `constructed: ${c.rule} (${c.where})`)
    .exhaustive();
}
