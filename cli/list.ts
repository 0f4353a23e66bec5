import type { Policy } from '../model/index.ts';
import { platformsOf, policies } from '../policies/index.ts';
import { provenanceCitation } from '../policies/provenance.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import type { Io } from './io.ts';

/** `list`'s kind column for a policy without provenance (a user's, or one not yet classified). */
const NO_KIND = '-';

/**
 * `dmacheck list`: the policies and invariants, from the registries. Each policy line shows its
 * provenance kind (commit, patch, rejected, design, documented, constructed) beside its name; the
 * JSON adds `provenance`, `simplifications`, `platforms` (the machines `--platform all` checks it
 * on), `onlyOn` (codes that show on some machines only), `verify` (its own verify bound) and
 * `words` (its driver's names in reports) to the original fields (fields are added, never renamed).
 */
export function listCommand(opts: { json?: boolean }, io: Io): number {
  const all = Object.values(policies) as Policy[];
  const ps = all.map((p) => ({
    name: p.name,
    source: p.source,
    expects: [...p.expects],
    provenance: p.provenance ?? null,
    simplifications: [...(p.simplifications ?? [])],
    /** The policy's own operations beyond the built-in kinds (`Policy.ops`); empty for most. */
    ops: (p.ops ?? []).map((o) => ({
      kind: o.kind,
      summary: o.summary,
      contexts: [...o.contexts],
      program: o.program ?? o.kind,
      weight: o.weight,
      domain: { ...o.domain },
      ...(o.arg === undefined ? {} : { arg: o.arg }),
    })),
    platforms: platformsOf(p).map((m) => m.name),
    onlyOn: p.onlyOn ?? null,
    verify: p.verify ?? null,
    words: p.words ?? null,
  }));
  const invs = (Object.values(invariants) as Invariant[]).map((i) => ({
    code: i.code,
    summary: i.summary,
    source: i.source,
  }));
  if (opts.json === true) {
    io.out(`${JSON.stringify({ policies: ps, invariants: invs })}\n`);
    return 0;
  }
  const width = Math.max(...all.map((p) => p.name.length));
  const out = ['policies:'];
  for (const p of all) {
    out.push(`  ${p.name.padEnd(width)}  ${p.provenance?.kind ?? NO_KIND}`);
    out.push(`      ${p.summary}`);
    out.push(`      source:  ${p.source}`);
    out.push(`      from:    ${provenanceCitation(p.provenance)}`);
    out.push(`      expects: ${p.expects.length === 0 ? '(clean)' : p.expects.join(' ')}`);
    if (p.ops !== undefined && p.ops.length > 0) out.push(`      ops:     ${p.ops.map((o) => o.kind).join(' ')}`);
  }
  out.push('', 'invariants:');
  for (const i of invs) {
    out.push(`  ${i.code}`);
    out.push(`      ${i.summary}`);
    out.push(`      source: ${i.source}`);
  }
  io.out(`${out.join('\n')}\n`);
  return 0;
}
