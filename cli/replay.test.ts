import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCaptured as cli } from './run-captured.ts';

const shipped = readdirSync('regressions')
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => join('regressions', f));
const one = 'regressions/i915-2015-before-e2273302--MAP-SINGLE.json';

describe('dmacheck replay', () => {
  it('exits 1 when a trace still violates, one line per trace', async () => {
    const r = await cli(['replay', ...shipped]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(shipped.length);
    for (const [i, line] of lines.entries()) expect(line).toMatch(`${shipped[i]}: still violates `);
  });

  it('exits 0 when every trace runs clean on the policy given instead', async () => {
    // Traces of the display policies use its own ops, which i915-2015-e2273302 does not have.
    const builtInOps = shipped.filter((f) => !f.includes('-display-'));
    const r = await cli(['replay', '--policy', 'i915-2015-e2273302', ...builtInOps]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(`${one}: clean on i915-2015-e2273302 (the trace expected MAP-SINGLE)`);
  });

  it('--regression: exits 0 when each trace behaves as declared, and writes JUnit XML', async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'dmacheck-')), 'junit', 'replay.xml');
    const r = await cli(['replay', '--regression', '--junit', junit, ...shipped]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(`ok   ${one}: MAP-SINGLE on i915-2015-before-e2273302; clean on its fix i915-2015-e2273302`);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(`<testsuite name="dmacheck replay --regression" tests="${shipped.length}" failures="0"`);
    expect(xml.match(/<testcase /g)).toHaveLength(shipped.length);
  });

  it('exits 2, one line, on a trace whose op kind the policy replaying it neither has built in nor declares', async () => {
    const own = 'regressions/i915-display-shrinker-ignores-pin--PINNED-STAYS.json';
    const r = await cli(['replay', '--policy', 'i915-2015-e2273302', own]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      new RegExp(
        `^dmacheck: ${own}: op \\d+: unknown op kind "pin_for_scanout" \\(neither built-in nor declared by policy i915-2015-e2273302\\)\n$`,
      ),
    );
    const ok = await cli(['replay', '--regression', own]);
    expect(ok.code).toBe(0);
  });

  it('exits 2 on a bad file among good ones, before replaying any', async () => {
    const r = await cli(['replay', one, 'regressions/bad/wrong-version.json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'dmacheck: regressions/bad/wrong-version.json: unsupported trace version 2 (this dmacheck reads version 1)\n',
    );
  });

  it.each([
    [['replay', '--regression', '--policy', 'i915-2015-e2273302', one], /--regression replays each trace on its own/],
    [['replay', 'no-such-file.json'], /^dmacheck: no-such-file\.json: cannot open: ENOENT\n$/],
    [['replay'], /missing required argument 'files'/],
  ])('%j exits 2 with one line', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('a policy that throws while replaying', () => {
  it('exits 2 with one line, the exception message escaped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dmacheck-')), 'throws.mjs');
    const registry = JSON.stringify(pathToFileURL(resolve('policies/index.ts')).href);
    writeFileSync(
      file,
      `import { policies } from ${registry};\n` +
        "export default { ...policies['i915-2015-e2273302'], name: 'throws', getPages() { throw new Error('boom\\nmore'); } };\n",
    );
    for (const command of ['replay', 'report']) {
      const r = await cli([command, '--policy-file', file, one]);
      expect(r.code).toBe(2);
      // The exception names the step it came from (a PolicyError), escaped onto one line.
      expect(r.err).toBe(
        `dmacheck: ${one}: replay failed: policy throws: step vma_bind:get_pages threw during op 2 (world step 5): Error: boom\\u000amore\n`,
      );
    }
  });
});

describe('--help', () => {
  it.each([['list'], ['fuzz'], ['replay'], ['report']])('%s --help prints its usage and exits 0', async (cmd) => {
    const r = await cli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: dmacheck ${cmd} `));
  });
});

describe('renamed policies (policies/renamed.ts)', () => {
  // A trace saved before the rename names the policy by its old name.
  const dir = mkdtempSync(join(tmpdir(), 'dmacheck-renamed-'));
  const old = join(dir, 'ttm-2020-before-c0f83d164fb8--SG-WALK.json');
  writeFileSync(
    old,
    readFileSync('regressions/ttm-2020-before-42e67b479eab--SG-WALK.json', 'utf8').replace(
      '"policy": "ttm-2020-before-42e67b479eab"',
      '"policy": "ttm-2020-before-c0f83d164fb8"',
    ),
  );

  it('replays a trace that names the old name on the policy it became', async () => {
    const r = await cli(['replay', old]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(`${old}: still violates SG-WALK on ttm-2020-before-42e67b479eab`);
    const reg = await cli(['replay', '--regression', old]);
    expect(reg.out).toMatch(
      `ok   ${old}: SG-WALK on ttm-2020-before-42e67b479eab; clean on its fix dmabuf-reference-exporter`,
    );
    expect(reg.code).toBe(0);
  });

  it('reports it, and takes an old name for --policy', async () => {
    const rep = await cli(['report', old, '--format', 'text']);
    expect(rep.code).toBe(0);
    expect(rep.out).toMatch('Policy     ttm-2020-before-42e67b479eab');
    const clean = await cli(['replay', old, '--policy', 'dmabuf-2021-exporter']);
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(`${old}: clean on dmabuf-reference-exporter`);
    const fuzz = await cli(['fuzz', '--policy', 'i915-2013-before-51311d0a', '--seed', '1', '--runs', '300']);
    expect(fuzz.out).toMatch(/^i915-2010-before-51311d0a: /);
  });
});
