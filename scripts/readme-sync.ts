/**
 * `npm run docs`: rewrites the README's ```console blocks from the tool's real output, keeping
 * each block's shape: the lines before its first `...` become the output's first lines, and each
 * later run of lines (after a `...`) is re-taken from where its first line (or, failing that, a
 * line with the same leading words) now appears; and the policy catalogue table from the registry.
 * Review the diff: cli/readme.test.ts and policies/registry.test.ts check both.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runCaptured } from '../cli/run-captured.ts';
import { withCatalogue } from '../policies/catalogue-table.ts';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');

/** The words of a line before its first digit, to find a line whose figures changed. */
const key = (s: string): string => s.replace(/[0-9].*$/, '').trim();

async function sync(block: string): Promise<string> {
  const lines = block.trimEnd().split('\n');
  const command = lines[0] as string;
  const argv = command.slice('$ npx dmacheck '.length).split(/\s+/);
  const r = await runCaptured(argv);
  const actual = `${r.out}${r.err}`.trimEnd().split('\n');
  const segments: string[][] = [[]];
  for (const l of lines.slice(1)) {
    if (l === '...') segments.push([]);
    else (segments[segments.length - 1] as string[]).push(l);
  }
  const out: string[] = [command];
  let at = 0;
  segments.forEach((seg, i) => {
    if (i > 0) out.push('...');
    if (seg.length === 0) return;
    let start = at;
    if (i > 0) {
      const first = seg[0] as string;
      let j = actual.indexOf(first, at);
      if (j < 0) j = actual.findIndex((a, n) => n >= at && key(a) === key(first) && key(a) !== '');
      start = j < 0 ? at : j;
    }
    out.push(...actual.slice(start, start + seg.length));
    at = start + seg.length;
  });
  return `${out.join('\n')}\n`;
}

let text = withCatalogue(readme);
for (const m of readme.matchAll(/```console\n([\s\S]*?)```/g)) {
  const body = m[1] as string;
  text = text.replace(body, await sync(body));
}
writeFileSync(path, text);
