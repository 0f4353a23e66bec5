import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCaptured as cli } from './run-captured.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'dmacheck-'));
/** Bounds small enough for CI that still hold e2273302's bug. */
const small = ['--depth', '3', '--objects', '1', '--vms', '2', '--contexts', 'U0,U1,R,G'];
const buggy = ['verify', '--policy', 'i915-2015-before-e2273302', ...small];
const fixed = ['verify', '--policy', 'i915-2015-e2273302', ...small];

describe('dmacheck verify', () => {
  it('finds MAP-SINGLE before e2273302 in 3 ops, the fewest, and exits 1', async () => {
    const r = await cli(buggy);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^VIOLATION MAP-SINGLE: /m);
    expect(r.out).toContain('shortest counterexample: 3 op(s)');
  });

  it('verifies e2273302 and exits 0 with the verdict and its figures', async () => {
    const r = await cli(fixed);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^i915-2015-e2273302: verified: no violation in any interleaving of up to 3 ops over 1 object\(s\), 2 address space\(s\), contexts U0 U1 R G, preempted after up to 12 steps; \d+ states, \d+ transitions, depth 3 reached\n$/,
    );
  });

  it('exits 3, never "verified", when a budget stops the search first', async () => {
    const r = await cli([...fixed, '--max-states', '20']);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/incomplete: stopped by --max-states .* NOT verified/);
    expect(r.out).not.toContain('verified: no violation');
    const j = await cli([...fixed, '--max-states', '20', '--json']);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.out)).toMatchObject({ verdict: 'incomplete', stopped: 'max-states' });
  });

  it('--workers 2 prints what one thread without sleep sets prints, byte for byte', async () => {
    for (const args of [buggy, fixed]) {
      const one = await cli([...args, '--no-por', '--json']);
      const two = await cli([...args, '--workers', '2', '--json']);
      expect(two.code).toBe(one.code);
      expect(two.out).toBe(one.out);
    }
    const bad = await cli([...fixed, '--workers', '0']);
    expect(bad.code).toBe(2);
  });

  it('exits 3 on Ctrl-C', async () => {
    const r = await cli(fixed, {
      onInterrupt: (handler) => {
        handler();
        return () => {};
      },
    });
    expect(r.code).toBe(3);
    expect(r.err).toBe('dmacheck: interrupted; printing and writing what was found\n');
  });

  it('prints stable JSON', async () => {
    const r = await cli([...buggy, '--json']);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual([
      'policy',
      'verdict',
      'bounds',
      'states',
      'transitions',
      'depthReached',
      'stopped',
      'violation',
      'violations',
    ]);
    expect(j.verdict).toBe('violation');
    expect(j.bounds).toEqual({ depth: 3, objects: 1, vms: 2, contexts: ['U0', 'U1', 'R', 'G'], preempt: 12 });
    expect(j.violation).toMatchObject({ code: 'MAP-SINGLE', ops: 3 });
    expect(j.violation.counterexample).toHaveLength(3);
  });

  it('writes the reports and a trace that replay reproduces', async () => {
    const out = tmp();
    expect((await cli([...buggy, '--out', out])).code).toBe(1);
    const files = readdirSync(out);
    expect(files).toContain('i915-2015-before-e2273302--MAP-SINGLE.json');
    expect(files).toContain('i915-2015-before-e2273302--MAP-SINGLE.txt');
    const replay = await cli(['replay', join(out, 'i915-2015-before-e2273302--MAP-SINGLE.json')]);
    expect(replay.code).toBe(1);
    expect(replay.out).toContain('MAP-SINGLE');
  });

  it('rejects bad input with one line and exit 2', async () => {
    for (const argv of [
      [...fixed, '--contexts', 'U0,Z'],
      ['verify', '--depth', '3'],
      [...fixed, '--depth', '0'],
      [...fixed, '--platform', 'vax'],
      [...fixed, '--platform', 'all', '--platform-file', 'x.json'],
    ]) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('dmacheck verify --platform', () => {
  const proxy = ['verify', '--policy', 'vmwgfx-intel-iommu-proxy', '--depth', '3', '--objects', '1'];

  it('verifies a policy on each machine its driver runs on and says where its bug shows', async () => {
    const r = await cli([...proxy, '--platform', 'all']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^vmwgfx-intel-iommu-proxy on x86-vmware-vtd: verified: /m);
    expect(r.out).toMatch(/^vmwgfx-intel-iommu-proxy on x86-vmware-sev: 1 violation kind/m);
    expect(r.out).toContain('vmwgfx-intel-iommu-proxy by platform:\n');
    expect(r.out).toMatch(/^ {2}x86-vmware-sev +BOUNCE-COHERENT \(3 ops\)$/m);
    expect(r.out).toMatch(/^ {2}x86-vmware +verified$/m);
  });

  it('on one named machine, as without --platform; the fix verified there', async () => {
    const clean = await cli([...proxy, '--platform', 'x86-vmware']);
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/^vmwgfx-intel-iommu-proxy on x86-vmware: verified: /);
    const fix = await cli([
      'verify',
      '--policy',
      'vmwgfx-2024-4c08f01934ab',
      '--depth',
      '3',
      '--objects',
      '1',
      '--platform',
      'x86-vmware-sev',
    ]);
    expect(fix.code).toBe(0);
  });
});

describe('dmacheck verify progress', () => {
  const drawn = async (isTty: boolean, ...extra: string[]) => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d) => {
      text += String(d);
    });
    await cli([...fixed, ...extra], { isTty, progressStream: stream });
    return text;
  };

  it('shows depth, states, transitions, frontier and states/s on a terminal only, never with --json', async () => {
    expect(await drawn(true)).toMatch(
      /i915-2015-e2273302 depth \d\/3 \| \d+ states \| \d+ transitions \| frontier \d+ \| \d+ states\/s/,
    );
    expect(await drawn(false)).toBe('');
    expect(await drawn(true, '--json')).toBe('');
  });
});

describe('dmacheck verify --trace', () => {
  const trace = 'regressions/i915-2015-before-e2273302--MAP-SINGLE.json';

  it('certifies a minimal counterexample (exit 1: the violation stands)', async () => {
    const r = await cli(['verify', '--trace', trace]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/MAP-SINGLE in 3 op\(s\) .*: certified minimal: no sequence of fewer ops breaks it/);
  });

  it('finds the shorter counterexample of a padded trace', async () => {
    const t = JSON.parse(readFileSync(trace, 'utf8'));
    // A needless shrink first: the same bug in 4 ops, which verify shortens back to 3.
    t.ops.unshift({ kind: 'shrink', ctx: 'R', obj: 0, vm: 0, arg: 0, run: 0 });
    const file = join(tmp(), 'padded.json');
    writeFileSync(file, JSON.stringify(t));
    const r = await cli(['verify', '--trace', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('not minimal: MAP-SINGLE breaks in 3 op(s)');
  });

  it('rejects --trace with --policy', async () => {
    const r = await cli(['verify', '--trace', trace, '--policy', 'i915-2015-e2273302']);
    expect(r.code).toBe(2);
  });
});

describe('dmacheck fuzz --all and Ctrl-C', () => {
  it('exits 3, not 0, when interrupted before the catalogue is checked', async () => {
    const r = await cli(['fuzz', '--all', '--seed', '1', '--runs', '1000000000'], {
      onInterrupt: (handler) => {
        setTimeout(handler, 0);
        return () => {};
      },
    });
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/not run \(interrupted\)/);
  });
});
