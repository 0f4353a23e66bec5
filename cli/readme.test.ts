import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCaptured } from './run-captured.ts';

/**
 * Every ```console block of the README is the tool's real output: its `$ npx dmacheck ...` line is
 * run in-process and the block's lines must appear in the output, in order. A line `...` in the
 * block stands for any number of lines left out; everything else matches exactly, so the README
 * cannot drift from the code.
 */
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => (m[1] as string).trimEnd().split('\n'));

/** Where `shown` (with `...` gaps) fails to match `actual`, or null when it matches. */
function mismatch(shown: readonly string[], actual: readonly string[]): string | null {
  let at = 0;
  let anchored = true;
  for (let i = 0; i < shown.length; i++) {
    const line = shown[i] as string;
    if (line === '...') {
      anchored = false;
      continue;
    }
    if (anchored) {
      if (actual[at] !== line) return `README line "${line}" where the output has "${actual[at] ?? '(end)'}"`;
      at++;
      continue;
    }
    const j = actual.indexOf(line, at);
    if (j < 0) return `README line "${line}" is not in the output (after line ${at})`;
    at = j + 1;
    anchored = true;
  }
  return null;
}

describe('README console examples', () => {
  it('exist', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  for (const block of blocks) {
    const command = block[0] as string;
    it(command, async () => {
      expect(command.startsWith('$ npx dmacheck ')).toBe(true);
      const argv = command.slice('$ npx dmacheck '.length).split(/\s+/);
      const r = await runCaptured(argv);
      expect(mismatch(block.slice(1), `${r.out}${r.err}`.trimEnd().split('\n'))).toBeNull();
    });
  }

  it('a changed line or a line out of order is caught', () => {
    const out = ['a', 'b', 'c', 'd'];
    expect(mismatch(['a', '...', 'c', 'd'], out)).toBeNull();
    expect(mismatch(['a', 'x'], out)).not.toBeNull();
    expect(mismatch(['a', '...', 'd', 'c'], out)).not.toBeNull();
    expect(mismatch(['b'], out)).not.toBeNull();
  });
});
