/** Markdown tables with aligned columns, and the number formats of the results file. */
export type Align = 'l' | 'r';

export function table(head: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[]): string {
  const width = head.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (s: string, i: number) => (align[i] === 'r' ? s.padStart(width[i] ?? 0) : s.padEnd(width[i] ?? 0));
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `| ${width.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** Steps per second as "3,210,000". */
export function rate(n: number | null): string {
  return n === null ? 'n/a' : Math.round(n).toLocaleString('en-US');
}

/** A ratio as "0.72x". */
export function ratio(a: number | null, b: number | null): string {
  return a === null || b === null ? 'n/a' : `${(a / b).toFixed(2)}x`;
}

/** Milliseconds as "3.1 ms" or "1.20 s". */
export function ms(n: number): string {
  if (Number.isNaN(n)) return '-';
  return n < 1000 ? `${n.toFixed(1)} ms` : `${(n / 1000).toFixed(2)} s`;
}

/** An integer, or "-". */
export function int(n: number): string {
  return Number.isNaN(n) ? '-' : Math.round(n).toLocaleString('en-US');
}
