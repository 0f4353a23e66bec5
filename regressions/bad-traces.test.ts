import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../cli/run-captured.ts';

/**
 * The malformed-trace corpus: each file in bad/ is refused by `replay` and `report` with exit code 2
 * and one line on stderr naming the file, never a stack trace, never anything evaluated. The oversize file is
 * made here rather than committed.
 */
const bad = join(dirname(fileURLToPath(import.meta.url)), 'bad');
const corpus = readdirSync(bad)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => relative(process.cwd(), join(bad, f)));

describe('malformed traces', () => {
  it('holds at least 10 files', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(10);
  });

  const oversize = join(mkdtempSync(join(tmpdir(), 'dmacheck-bad-')), 'oversize.json');
  writeFileSync(oversize, `{"format":"dmacheck-trace","version":1,"note":"${'x'.repeat(2 << 20)}"}`);

  const cases = [...corpus, oversize].flatMap((file) => [
    ['replay', file],
    ['report', file],
  ]);

  it.each(cases)('%s %s exits 2 with one line', async (command, file) => {
    const r = await runCaptured([command, file]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.endsWith('\n')).toBe(true);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err.startsWith(`dmacheck: ${file}: `)).toBe(true);
    expect(r.err).not.toMatch(/\bat .*\.[jt]s:\d+/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
