import type { Policy } from '../model/index.ts';
import { policies } from './index.ts';

/**
 * The README's catalogue table, from the registry: name, provenance kind, summary, expected codes.
 * `npm run docs` writes it between the README's catalogue markers; a test keeps the two equal.
 */
export function catalogueTable(): string {
  const rows = (Object.values(policies) as Policy[]).map((p) => [
    `\`${p.name}\``,
    p.provenance?.kind ?? '-',
    p.summary.replaceAll('|', '\\|'),
    p.expects.length === 0 ? 'clean' : p.expects.join(', '),
  ]);
  const head = ['policy', 'kind', 'what it models', 'expects'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const CATALOGUE_BEGIN = '<!-- catalogue:begin (npm run docs writes this table from policies/index.ts) -->';
export const CATALOGUE_END = '<!-- catalogue:end -->';

/** `readme` with the text between the catalogue markers replaced by the table. */
export function withCatalogue(readme: string): string {
  const a = readme.indexOf(CATALOGUE_BEGIN);
  const b = readme.indexOf(CATALOGUE_END);
  if (a < 0 || b < a) throw new Error('README has no catalogue markers');
  return `${readme.slice(0, a + CATALOGUE_BEGIN.length)}\n${catalogueTable()}\n${readme.slice(b)}`;
}
