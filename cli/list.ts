import { policies } from '../policies/index.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import type { Io } from './io.ts';

/** `dmacheck list`: the policies and invariants, from the registries. */
export function listCommand(opts: { json?: boolean }, io: Io): number {
  const ps = Object.values(policies).map((p) => ({ name: p.name, source: p.source, expects: [...p.expects] }));
  const invs = (Object.values(invariants) as Invariant[]).map((i) => ({
    code: i.code,
    summary: i.summary,
    source: i.source,
  }));
  if (opts.json === true) {
    io.out(`${JSON.stringify({ policies: ps, invariants: invs })}\n`);
    return 0;
  }
  const out = ['policies:'];
  for (const p of Object.values(policies)) {
    out.push(`  ${p.name}`);
    out.push(`      ${p.summary}`);
    out.push(`      source:  ${p.source}`);
    out.push(`      expects: ${p.expects.length === 0 ? '(clean)' : p.expects.join(' ')}`);
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
