import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from './run-captured.ts';

const dir = mkdtempSync(join(tmpdir(), 'dmacheck-policy-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const api = pathToFileURL(join(import.meta.dirname, '..', 'api', 'index.ts')).href;
writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
const file = join(dir, 'typo.ts');
writeFileSync(
  file,
  `import { definePolicy, policies, program } from '${api}';
const base = policies['i915-2015-e2273302'];
export default definePolicy({
  ...base,
  name: 'typo-in-close',
  programs: { ...base.programs, close: program('close', { drop: (k, f) => (k.w.objects[f.obj] as any).handle.count-- }) },
});
`,
);

describe('a policy whose own code throws', () => {
  it('gets one line naming the step and exit 2, no stack', async () => {
    const r = await runCaptured(['fuzz', '--policy-file', file, '--seed', '1', '--runs', '300']);
    expect(r.code).toBe(2);
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^dmacheck: policy typo-in-close: step close:drop threw during op \d+ \(world step \d+\): TypeError: .* \(--debug shows the stack\)$/,
    );
  });

  it('prints the stack with --debug', async () => {
    const r = await runCaptured(['fuzz', '--policy-file', file, '--seed', '1', '--runs', '300', '--debug']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/TypeError: .*\n\s+at /);
  });
});
