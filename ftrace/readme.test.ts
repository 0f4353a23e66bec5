import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../cli/run-captured.ts';

/** The README's `dmacheck trace` console examples: each command, and the output printed under it. */
function traceExamples(): { argv: string[]; output: string }[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const out: { argv: string[]; output: string }[] = [];
  for (const m of readme.matchAll(/```console\n\$ npx dmacheck (trace [^\n]*)\n([\s\S]*?)```/g)) {
    out.push({ argv: (m[1] ?? '').split(' '), output: m[2] ?? '' });
  }
  return out;
}

describe('README: dmacheck trace examples', () => {
  const examples = traceExamples();
  it('has some', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });
  it.each(examples.map((e) => [e.argv.join(' '), e] as const))('%s prints what the README shows', async (_, e) => {
    const r = await runCaptured(e.argv);
    expect(r.out).toBe(e.output);
  });
});
