import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { policies } from '../policies/index.ts';
import { runCaptured as cli } from './run-captured.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'dmacheck-'));
const policy = 'i915-2015-before-e2273302';
const fuzzArgs = ['fuzz', '--policy', policy, '--seed', '1', '--runs', '1000'];
const files = (dir: string) => readdirSync(dir).sort();
/** What the policy declares, in the order the campaign finds it with seed 1. */
const found = ['MAP-SINGLE', 'DIRTY-AFTER-TEARDOWN', 'NO-LEAK', 'IOVA-HEADROOM', 'DEBUG-TABLE-HEADROOM'];

describe('dmacheck fuzz --out', () => {
  const [a, b] = [tmp(), tmp()];

  it('writes text, markdown, HTML and the JSON trace of each counterexample', async () => {
    const r = await cli([...fuzzArgs, '--out', a]);
    expect(r.code).toBe(1);
    const codes = JSON.parse((await cli([...fuzzArgs, '--json'])).out).violations.map((v: { code: string }) => v.code);
    expect(codes).toEqual(found);
    // Everything it declares: the headroom diagnostics in the policy's own phases (a small IOVA space, a small debug table).
    expect([...codes].sort()).toEqual([...policies[policy].expects].sort());
    expect(files(a)).toEqual(
      codes.flatMap((c: string) => ['html', 'json', 'md', 'txt'].map((e) => `${policy}--${c}.${e}`)).sort(),
    );
  });

  it('writes text reports of at most 72 columns', () => {
    for (const f of files(a).filter((f) => f.endsWith('.txt'))) {
      for (const line of readFileSync(join(a, f), 'utf8').split('\n')) expect(line.length, f).toBeLessThanOrEqual(72);
    }
  });

  it('writes traces that replay to the violation they hold', async () => {
    const r = await cli(['replay', join(a, `${policy}--NO-LEAK.json`)]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch('still violates NO-LEAK');
  });

  it('writes byte-identical files in two runs with one seed', async () => {
    await cli([...fuzzArgs, '--out', b]);
    expect(files(b)).toEqual(files(a));
    for (const f of files(a)) expect(readFileSync(join(b, f)), f).toEqual(readFileSync(join(a, f)));
  });

  it('--save-regression writes the traces under their deterministic names', async () => {
    const dir = tmp();
    await cli([...fuzzArgs, '--save-regression', dir]);
    expect(files(dir)).toEqual(found.map((c) => `${policy}--${c}.json`).sort());
    // The --out rendering is the same trace with the policy's provenance beside its name.
    const withoutProvenance = (s: string) => s.replace(/ {2}"provenance": \{\n[^}]*\},\n/, '');
    expect(readFileSync(join(dir, `${policy}--NO-LEAK.json`), 'utf8')).toBe(
      withoutProvenance(readFileSync(join(a, `${policy}--NO-LEAK.json`), 'utf8')),
    );
  });

  it('--junit writes one failing test case for the policy', async () => {
    const xml = join(tmp(), 'fuzz.xml');
    await cli([...fuzzArgs, '--junit', xml]);
    expect(readFileSync(xml, 'utf8')).toMatch(
      `<testcase name="${policy}" classname="dmacheck.fuzz">\n      <failure message="violates ${found.join(' ')}">`,
    );
  });
});

describe('dmacheck fuzz progress', () => {
  const terminal = () => Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  const drawn = async (isTty: boolean, ...extra: string[]) => {
    const stream = terminal();
    let text = '';
    stream.on('data', (d) => {
      text += String(d);
    });
    await cli([...fuzzArgs, '--runs', '3000', ...extra], { isTty, progressStream: stream });
    return text;
  };

  it('draws a bar on a terminal, and none when stderr is not one or with --json', async () => {
    expect(await drawn(true)).toMatch(new RegExp(`${policy} .* \\d+/\\d+ runs \\| \\d found`));
    expect(await drawn(false)).toBe('');
    expect(await drawn(true, '--json')).toBe('');
  });
});

describe('dmacheck fuzz and Ctrl-C', () => {
  it('stops after the current chunk and still prints and writes what it found', async () => {
    const out = tmp();
    const r = await cli(['fuzz', '--policy', policy, '--seed', '1', '--runs', '1000000000', '--out', out], {
      onInterrupt: (handler) => {
        setTimeout(handler, 0);
        return () => {};
      },
    });
    expect(r.code).toBe(1);
    expect(r.err).toBe('dmacheck: interrupted; printing and writing what was found\n');
    expect(r.out).toMatch(/^i915-2015-before-e2273302: \d violation kind\(s\) in \d+ runs \(seed 1\), interrupted$/m);
    expect(files(out)).toContain(`${policy}--MAP-SINGLE.txt`);
  });

  it('handles a real SIGINT in the shell', async () => {
    const out = join(tmp(), 'out');
    const argv = ['fuzz', '--policy', policy, '--seed', '1', '--runs', '1000000000', '--out', out];
    const child = spawn('node', ['bin/dmacheck.mjs', ...argv]);
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    // The handler is in place once the --out directory exists.
    while (!existsSync(out)) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(stdout).toMatch(/, interrupted$/m);
    expect(files(out).length).toBeGreaterThan(0);
  });
});
