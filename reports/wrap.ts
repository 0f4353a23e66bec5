/** Columns of a plain-text report: it fits a mailing-list reply, quoted once or twice. */
export const TEXT_WIDTH = 72;

/**
 * Word-wraps `text` to `width` columns: the first line starts with `first`, the others with
 * `rest`. A word longer than a line (a path, a long id) is cut, so no line ever exceeds `width`.
 */
export function wrap(
  text: string,
  first: string,
  rest: string = ' '.repeat(first.length),
  width = TEXT_WIDTH,
): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = () => width - line.length;
  for (let word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && word.length + 1 > room()) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    if (!empty) line += ' ';
    while (word.length > room()) {
      const n = Math.max(1, room());
      lines.push(line + word.slice(0, n));
      word = word.slice(n);
      line = rest;
    }
    line += word;
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}

const GLUE = '\u0001';

/** Wraps a comma-separated list, breaking lines between items only (an item wider than a line is cut). */
export function wrapList(items: readonly string[], first: string, rest: string = ' '.repeat(first.length)): string[] {
  const glued = items.map((i) => i.replaceAll(' ', GLUE)).join(', ');
  return wrap(glued, first, rest).map((l) => l.replaceAll(GLUE, ' '));
}
