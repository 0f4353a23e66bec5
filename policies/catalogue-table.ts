import { PLATFORM_NAMES, PLATFORMS, type Policy } from '../model/index.ts';
import { policies } from './index.ts';
import { platformsOf } from './platforms.ts';

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
  return table(['policy', 'kind', 'what it models', 'expects'], rows);
}

export const CATALOGUE_BEGIN = '<!-- catalogue:begin (npm run docs writes this table from policies/index.ts) -->';
export const CATALOGUE_END = '<!-- catalogue:end -->';

/** A markdown table, columns padded to their widest cell. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Where a policy declares its bugs show, from `expects` and `onlyOn`: "clean on each", "CODES: on
 * each", or each code with the platforms `onlyOn` confines it to.
 */
export function whereDeclared(p: Policy): string {
  if (p.expects.length === 0) return 'clean on each';
  const only = p.onlyOn ?? {};
  if (Object.keys(only).length === 0) return `${p.expects.join(', ')}: on each`;
  return p.expects
    .map((c) => {
      const on = only[c];
      return on === undefined ? c : `${c} (only ${on.map((n) => `\`${n}\``).join(', ')})`;
    })
    .join(', ');
}

/**
 * The README's policy × platform table, from the registry: each policy that runs on more than one
 * machine (`platformsOf`), its platforms, and where its bugs show as it declares them (`expects`,
 * `onlyOn`); `npm run fuzz` checks the declarations on each platform.
 */
export function platformTable(): string {
  const rows = (Object.values(policies) as Policy[])
    .map((p) => ({ p, on: platformsOf(p) }))
    .filter((x) => x.on.length > 1)
    .map(({ p, on }) => [`\`${p.name}\``, on.map((x) => `\`${x.name}\``).join(', '), whereDeclared(p)]);
  return table(['policy', 'platforms', 'where its bugs show (declared)'], rows);
}

/** The README's table of preset platforms, from `PLATFORMS`: device 0, translation, coherence, debug table. */
export function presetTable(): string {
  const rows = PLATFORM_NAMES.map((n) => {
    const p = PLATFORMS[n];
    const d = p.devices[0];
    return [
      `\`${n}\``,
      d === undefined ? '-' : `${d.driver} ${d.name} (${p.arch}, ${p.iommu})`,
      d?.translation ?? '-',
      d?.coherent === true ? 'yes' : 'no',
      p.debugMode,
    ];
  });
  return table(['platform', 'GPU (device 0)', 'translation', 'coherent', 'debug table'], rows);
}

export const PRESETS_BEGIN = '<!-- presets:begin (npm run docs writes this table from model/platform/presets.ts) -->';
export const PRESETS_END = '<!-- presets:end -->';

export const PLATFORMS_BEGIN = '<!-- platforms:begin (npm run docs writes this table from policies/index.ts) -->';
export const PLATFORMS_END = '<!-- platforms:end -->';

function between(readme: string, begin: string, end: string, body: string): string {
  const a = readme.indexOf(begin);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README has no ${begin} ... ${end} markers`);
  return `${readme.slice(0, a + begin.length)}\n${body}\n${readme.slice(b)}`;
}

/** `readme` with the text between the catalogue, preset and platform markers replaced by their tables. */
export function withCatalogue(readme: string): string {
  const cat = between(readme, CATALOGUE_BEGIN, CATALOGUE_END, catalogueTable());
  const presets = between(cat, PRESETS_BEGIN, PRESETS_END, presetTable());
  return between(presets, PLATFORMS_BEGIN, PLATFORMS_END, platformTable());
}
