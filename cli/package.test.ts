import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The package as a kernel developer gets it: `npm pack`, installed into an empty directory outside
 * the repository, `dmacheck init`, and the scaffold's own `npm test`. Installing needs the npm
 * registry (for dmacheck's dependencies): without one the test is skipped, except under CI=true.
 */
const repo = join(import.meta.dirname, '..');
const registry = process.env.CI === 'true' || spawnSync('npm', ['ping'], { timeout: 15_000 }).status === 0;
const root = mkdtempSync(join(tmpdir(), 'dmacheck-pack-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sh(cwd: string, cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, DMACHECK_RUNS: '1000' } });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!registry)('the packed package', () => {
  const proj = join(root, 'my-driver');

  it('installs into an empty directory, and init scaffolds a project whose tests pass', () => {
    execFileSync('npm', ['pack', '--pack-destination', root], { cwd: repo, stdio: 'pipe' });
    const tarball = readdirSync(root).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    mkdirSync(proj);
    const install = sh(proj, 'npm', ['install', '--no-audit', '--no-fund', join(root, tarball as string)]);
    expect(install.code, install.out).toBe(0);
    const init = sh(proj, 'npx', ['dmacheck', 'init']);
    expect(init.out).toContain('wrote a i915 policy project');
    expect(init.code).toBe(0);
    const again = sh(proj, 'npx', ['dmacheck', 'init']);
    expect(again.code).toBe(2);
    expect(again.out.trim().split('\n')).toHaveLength(1);
    const test = sh(proj, 'npm', ['test', '--', '--reporter=verbose']);
    expect(test.code, test.out).toBe(0);
    expect(test.out).toContain('my-driver breaks no invariant');
  });

  it('fails the scaffold test with the MAP-SINGLE report when bind maps twice', () => {
    const file = join(proj, 'policy.ts');
    const fixed = readFileSync(file, 'utf8');
    const guard = 'if (sg === NONE || sgIsMapped(k, sg)) return 0;';
    expect(fixed).toContain(guard);
    writeFileSync(file, fixed.replace(guard, 'if (sg === NONE) return 0;'));
    const test = sh(proj, 'npm', ['test']);
    expect(test.code).not.toBe(0);
    expect(test.out).toContain('dmacheck: my-driver breaks MAP-SINGLE');
    expect(test.out).toContain('Steps ([context] operation):');

    // The counterexample saved as a regression trace: the scaffold's suite replays it, and it
    // fails while the bug is there and passes once the guard is back.
    const fuzz = sh(proj, 'npx', [
      'dmacheck',
      'fuzz',
      '--policy-file',
      'policy.ts',
      '--seed',
      '1',
      '--save-regression',
    ]);
    expect(fuzz.code).toBe(1);
    expect(readdirSync(join(proj, 'regressions'))).toContain('my-driver--MAP-SINGLE.json');
    writeFileSync(file, fixed);
    const replay = sh(proj, 'npm', ['test', '--', '--reporter=verbose']);
    expect(replay.code, replay.out).toBe(0);
    expect(replay.out).toContain('my-driver--MAP-SINGLE.json');
  });
});
