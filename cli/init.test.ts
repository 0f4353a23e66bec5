import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAMILIES } from './init-templates.ts';
import { runCaptured } from './run-captured.ts';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'dmacheck-init-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('dmacheck init', () => {
  it.each(FAMILIES)('scaffolds a %s project', async (family) => {
    const dir = fresh();
    const r = await runCaptured(['init', dir, '--from', family, '--name', 'my-gpu']);
    expect(r.code).toBe(0);
    const policy = readFileSync(join(dir, 'policy.ts'), 'utf8');
    expect(policy).toContain("name: 'my-gpu'");
    expect(policy).toContain("from 'dmacheck'");
    expect(readFileSync(join(dir, 'policy.test.ts'), 'utf8')).toContain("from 'dmacheck/vitest'");
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts.test).toBe('vitest run');
    expect(pkg.dependencies.dmacheck).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(pkg.type).toBe('module');
  });

  it('refuses to overwrite a file, in one line, exit 2, writing nothing', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'policy.ts'), 'mine\n');
    const r = await runCaptured(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^dmacheck: init: policy\.ts already exist in .*; nothing written\n$/);
    expect(readFileSync(join(dir, 'policy.ts'), 'utf8')).toBe('mine\n');
  });

  it('extends an existing package.json (after npm install dmacheck)', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { dmacheck: 'file:x.tgz' }, extra: 1 }));
    expect((await runCaptured(['init', dir])).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ dependencies: { dmacheck: 'file:x.tgz' }, extra: 1, scripts: { test: 'vitest run' } });
  });

  it('rejects an unknown family in one line', async () => {
    const r = await runCaptured(['init', fresh(), '--from', 'radeon']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('dmacheck: unknown family "radeon" for --from (known: i915, userptr, dmabuf, resv)\n');
  });
});
