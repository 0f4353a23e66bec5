import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured as cli } from './run-captured.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'dmacheck-merge-'));
const small = ['--depth', '3', '--objects', '1', '--vms', '2', '--contexts', 'U0,U1,R,G'];

/** Runs each shard with --json into DIR, returns the files. */
async function shards(dir: string, argv: readonly string[], n: number, only?: readonly number[]): Promise<string[]> {
  const files: string[] = [];
  for (let i = 1; i <= n; i++) {
    if (only !== undefined && !only.includes(i)) continue;
    const r = await cli([...argv, '--json', '--shard', `${i}/${n}`]);
    expect(r.err).toBe('');
    const file = join(dir, `shard-${i}.json`);
    writeFileSync(file, r.out);
    files.push(file);
  }
  return files;
}

/** What must be the same whether a campaign ran whole or in shards. */
const essence = (r: Record<string, unknown>) => ({
  policy: r.policy,
  platform: r.platform,
  runs: r.runs,
  violations: (r.violations as { code: string; counterexample: unknown }[]).map((v) => [v.code, v.counterexample]),
  coverage: r.coverage,
  found: r.found,
  asDeclared: r.asDeclared,
});

describe('dmacheck fuzz --shard and merge', () => {
  it('the shards of fuzz --all merge into the unsharded campaign: same codes, counterexamples, verdicts', async () => {
    const argv = ['fuzz', '--all', '--seed', '1', '--runs', '20'];
    const whole = await cli([...argv, '--json']);
    const merged = await cli(['merge', '--json', ...(await shards(tmp(), argv, 2))]);
    expect(merged.code).toBe(whole.code);
    const w = JSON.parse(whole.out);
    const m = JSON.parse(merged.out);
    expect(m.results.map(essence)).toEqual(w.results.map(essence));
    expect(m.notRun).toEqual([]);
    expect(m.shards).toEqual({ count: 2, merged: [1, 2], missing: [] });
  });

  it('the shards of one clean policy run its chunks of runs between them, exactly', async () => {
    const argv = ['fuzz', '--policy', 'i915-2015-e2273302', '--seed', '3', '--runs', '2000', '--max-ops', '8'];
    const whole = await cli([...argv, '--json']);
    const dir = tmp();
    const files = await shards(dir, argv, 2);
    const merged = await cli(['merge', '--json', ...files]);
    expect(whole.code).toBe(0);
    expect(merged.code).toBe(0);
    const m = JSON.parse(merged.out);
    expect(essence(m)).toEqual(essence(JSON.parse(whole.out)));
    expect(m.verdict).toBe('clean');
    // Without its second shard the campaign is incomplete: exit 3, never clean.
    const half = await cli(['merge', files[0] as string]);
    expect(half.code).toBe(3);
    expect(half.out).toMatch(/^merged 1 of 2 shard\(s\) of fuzz i915-2015-e2273302; MISSING: 2\/2$/m);
    expect(half.out).toMatch(/^i915-2015-e2273302: incomplete in 1400 runs \(seed 3\), shard\(s\) 2\/2 missing$/m);
  });
});

describe('dmacheck verify --shard and merge', () => {
  const buggy = ['verify', '--policy', 'i915-2015-before-e2273302', ...small];
  const fixed = ['verify', '--policy', 'i915-2015-e2273302', ...small];

  it('merges to the same violation at the same shortest length, and writes its reports', async () => {
    const whole = JSON.parse((await cli([...buggy, '--json'])).out);
    const out = tmp();
    const files = await shards(tmp(), buggy, 3);
    const merged = await cli(['merge', '--out', out, ...files]);
    expect(merged.code).toBe(1);
    expect(merged.out).toMatch(/^VIOLATION MAP-SINGLE: /m);
    const j = JSON.parse((await cli(['merge', '--json', ...files])).out);
    expect(j.verdict).toBe('violation');
    expect(j.violations.map((v: { code: string; ops: number; steps: number }) => [v.code, v.ops, v.steps])).toEqual(
      whole.violations.map((v: { code: string; ops: number; steps: number }) => [v.code, v.ops, v.steps]),
    );
    expect(readdirSync(out).sort()).toEqual(
      ['html', 'json', 'md', 'txt'].map((e) => `i915-2015-before-e2273302--MAP-SINGLE.${e}`),
    );
  });

  it('is verified only when every shard is there and verified', async () => {
    const files = await shards(tmp(), fixed, 2);
    const all = await cli(['merge', ...files]);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/^i915-2015-e2273302: verified: no violation in any interleaving of up to 3 ops/m);
    const one = await cli(['merge', files[1] as string]);
    expect(one.code).toBe(3);
    expect(one.out).toMatch(/incomplete: shard\(s\) 1\/2 missing before covering .*NOT verified/);
    expect(one.out).not.toContain('verified: no violation');
    expect(JSON.parse((await cli(['merge', '--json', files[1] as string])).out)).toMatchObject({
      verdict: 'incomplete',
      shards: { count: 2, merged: [2], missing: [1] },
    });
  });

  it('the shards of verify --all merge into the unsharded run; a missing one is listed and incomplete', async () => {
    const argv = ['verify', '--all', '--depth', '2', '--objects', '1', '--contexts', 'U0,U1'];
    const whole = await cli([...argv, '--json']);
    const files = await shards(tmp(), argv, 2);
    const merged = await cli(['merge', '--json', ...files]);
    expect(merged.code).toBe(whole.code);
    const essential = (r: { policy: string; verdict: string; states: number; violations: { code: string }[] }) => [
      r.policy,
      r.verdict,
      r.states,
      r.violations.map((v) => v.code),
    ];
    expect(JSON.parse(merged.out).results.map(essential)).toEqual(JSON.parse(whole.out).results.map(essential));
    const half = await cli(['merge', files[1] as string]);
    expect(half.code).toBe(3);
    expect(half.out).toMatch(/^ {2}-- {3}i915-2015-e2273302 +not run \(shard 1\/2 missing\)$/m);
  });

  it("says in a shard's output which part it searched, and claims no proof", async () => {
    const r = await cli([...fixed, '--shard', '1/2']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('verified');
    expect(r.out).toMatch(/^shard 1\/2: frontier states \d+ of \d+ at depth \d/m);
  });
});

describe('dmacheck merge, bad input (one line, exit 2)', () => {
  const bad = async (argv: readonly string[], message: RegExp) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n').length).toBe(2);
  };

  it('refuses a file that is not a shard result, and shards of different runs', async () => {
    const dir = tmp();
    const notJson = join(dir, 'a.json');
    writeFileSync(notJson, '{"shard": ');
    await bad(['merge', notJson], /a\.json: not JSON/);
    const plain = join(dir, 'b.json');
    writeFileSync(
      plain,
      JSON.stringify((await cli(['verify', '--policy', 'i915-2015-e2273302', ...small, '--json'])).out),
    );
    await bad(['merge', plain], /b\.json: not the --json output of fuzz or verify --shard/);
    await bad(['merge', join(dir, 'missing.json')], /missing\.json: cannot read: ENOENT/);
    const argv = ['fuzz', '--policy', 'i915-2015-e2273302', '--runs', '10', '--max-ops', '4'];
    const [one] = await shards(dir, [...argv, '--seed', '1'], 2, [1]);
    const [two] = await shards(tmp(), [...argv, '--seed', '2'], 2, [2]);
    await bad(['merge', one as string, two as string], /is not a part of the same run as/);
    await bad(['merge', one as string, one as string], /shard 1\/2 given twice/);
  });

  it('refuses a bad --shard', async () => {
    for (const s of ['0/2', '3/2', '1/0', 'a/b', '1']) {
      await bad(['fuzz', '--policy', 'i915-2015-e2273302', '--shard', s], /--shard <i\/n>' argument .* is invalid/);
      await bad(['verify', '--policy', 'i915-2015-e2273302', '--shard', s], /is invalid/);
    }
    await bad(
      ['verify', '--trace', 'regressions/i915-2015-before-e2273302--MAP-SINGLE.json', '--shard', '1/2'],
      /--shard/,
    );
  });
});

describe('dmacheck fuzz stopped before it ran', () => {
  it('exits 3, not 0, when Ctrl-C comes before the first run', async () => {
    const r = await cli(['fuzz', '--policy', 'i915-2015-e2273302', '--seed', '1'], {
      onInterrupt: (handler) => {
        handler();
        return () => {};
      },
    });
    expect(r.code).toBe(3);
  });
});
