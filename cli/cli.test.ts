import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from './run-captured.ts';

const cli = (...argv: string[]) => runCaptured(argv);

describe('dmacheck list', () => {
  it('prints the registries as JSON in the stable shape', async () => {
    const r = await cli('list', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['policies', 'invariants']);
    expect(Object.keys(j.policies[0])).toEqual([
      'name',
      'source',
      'expects',
      'provenance',
      'simplifications',
      'ops',
      'platforms',
      'onlyOn',
      'verify',
      'words',
    ]);
    expect(Object.keys(j.invariants[0])).toEqual(['code', 'summary', 'source']);
    const names = j.policies.map((p: { name: string }) => p.name);
    expect(names).toContain('i915-2015-before-e2273302');
    const fixed = j.policies.find((p: { name: string }) => p.name === 'i915-2015-e2273302');
    expect(fixed.expects).toEqual([]);
    expect(fixed.provenance).toEqual({
      kind: 'commit',
      id: 'e227330223a7',
      title: 'drm/i915: avoid leaking DMA mappings',
    });
    expect(fixed.simplifications).toEqual([]);
    expect(fixed.ops).toEqual([]);
  });

  it('lists where a policy runs, where its bugs show, its verify bound and its words', async () => {
    const j = JSON.parse((await cli('list', '--json')).out);
    const find = (n: string) => j.policies.find((p: { name: string }) => p.name === n);
    const proxy = find('vmwgfx-intel-iommu-proxy');
    expect(proxy.platforms).toEqual(['x86-vmware-vtd', 'x86-vmware', 'x86-vmware-sev']);
    expect(proxy.onlyOn).toEqual({ 'BOUNCE-COHERENT': ['x86-vmware-sev'] });
    expect(find('dmabuf-reference-exporter').verify).toMatchObject({ depth: 8, objects: 1, vms: 1 });
    expect(find('i915-2015-e2273302')).toMatchObject({ onlyOn: null, verify: null, words: null });
  });

  it("lists a policy's own ops: kind, summary, contexts, program, weight, field domains", async () => {
    const j = JSON.parse((await cli('list', '--json')).out);
    const display = j.policies.find((p: { name: string }) => p.name === 'i915-2015-e2273302-display');
    expect(display.ops.map((o: { kind: string }) => o.kind)).toEqual([
      'pin_for_scanout',
      'unpin_from_scanout',
      'set_domain',
      'pread',
      'pwrite',
    ]);
    expect(display.ops[2]).toMatchObject({
      kind: 'set_domain',
      contexts: ['U0', 'U1'],
      program: 'set_domain',
      weight: 1,
      domain: { ctx: 'user', obj: true, vm: 'none', arg: 'bit', preempt: true },
      arg: '0 the CPU domain, 1 the GTT domain',
    });
    expect((await cli('list')).out).toMatch(
      /^ {6}ops: {5}pin_for_scanout unpin_from_scanout set_domain pread pwrite$/m,
    );
  });

  it("prints each policy's provenance kind beside its name, and its citation", async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  i915-2015-before-e2273302 '));
    expect(lines[at]).toMatch(/^ {2}i915-2015-before-e2273302 +commit$/);
    expect(lines.slice(at + 1, at + 5)).toContain(
      '      from:    commit: before e227330223a7 "drm/i915: avoid leaking DMA mappings"',
    );
    expect(r.out).toMatch(/^ {2}dmabuf-reference-exporter +documented$/m);
    expect(r.out).toMatch(/^ {2}i915-userptr-worker-without-token +constructed$/m);
  });
});

describe('dmacheck fuzz', () => {
  it('exits 1 on the e2273302 leak, naming the invariant, with a counterexample of at most 4 ops', async () => {
    const r = await cli('fuzz', '--policy', 'i915-2015-before-e2273302', '--seed', '3', '--runs', '500', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).slice(0, 5)).toEqual(['policy', 'seed', 'runs', 'violation', 'counterexample']);
    expect(['MAP-SINGLE', 'NO-LEAK']).toContain(j.violation.code);
    expect(j.counterexample.length).toBeLessThanOrEqual(4);
    expect(j.coverage.guards['MAP-SINGLE'].count).toBeGreaterThanOrEqual(0);
  });

  it('exits 1 on the 9490edb bug naming an invariant it declares', async () => {
    const r = await cli('fuzz', '--policy', 'i915-2013-before-9490edb', '--seed', '3', '--runs', '500');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^VIOLATION (MAP-SINGLE|MAP-COVERS-BINDINGS|MAP-BALANCED|NO-LEAK)/m);
    expect(r.out).toMatch(/^ {4}1\. \[U0\] create obj#0 \(shmem\)$/m);
  });

  it('exits 0 on the fixed policy, printing what the runs covered', async () => {
    const r = await cli('fuzz', '--policy', 'i915-2015-e2273302', '--seed', '3', '--runs', '2000');
    expect(r.code).toBe(0);
    // 2000 runs, then 200 in each of its two starvation phases (a small IOVA space, a small debug table).
    expect(r.out).toMatch(/clean in 2400 runs \(seed 3\)/);
    expect(r.out).toMatch(/MAP-SINGLE +[1-9]\d* +an object bound in two address spaces at once/);
  });

  it('prints byte-identical output for the same seed', async () => {
    const a = await cli('fuzz', '--all', '--seed', '11', '--runs', '300');
    const b = await cli('fuzz', '--all', '--seed', '11', '--runs', '300');
    expect(a.out).toBe(b.out);
    expect(a.out).toMatch(/ok {3}i915-2015-before-e2273302/);
  });

  it('fuzzes a policy from a file', async () => {
    const r = await cli('fuzz', '--policy-file', 'examples/map-at-first-bind.ts', '--seed', '5', '--runs', '1000');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmacheck-'));
  const notAPolicy = join(dir, 'not-a-policy.mjs');
  writeFileSync(notAPolicy, 'export default { name: "x" };\n');
  const unknownGpu = join(dir, 'unknown-gpu.ts');
  writeFileSync(
    unknownGpu,
    `import { policies } from '${process.cwd()}/policies/index.ts';\n` +
      "export default { ...policies['nouveau-2015-996f545fbb0d'], name: 'x', config: { gpu: 'mali' } };\n",
  );
  const typoExpects = join(dir, 'typo-expects.ts');
  writeFileSync(
    typoExpects,
    `import { policies } from '${process.cwd()}/policies/index.ts';\n` +
      "export default { ...policies['i915-2015-before-e2273302'], name: 'x', expects: ['MAP-SINGLE', 'NO-LEKA'] };\n",
  );
  const shadowingOp = join(dir, 'shadowing-op.ts');
  writeFileSync(
    shadowingOp,
    `import { policies } from '${process.cwd()}/policies/index.ts';\n` +
      "const p = policies['i915-2015-e2273302-display'];\n" +
      "export default { ...p, name: 'x', ops: [{ ...p.ops[0], kind: 'bind' }] };\n",
  );
  it.each([
    [
      ['fuzz', '--policy-file', shadowingOp],
      /does not export a policy: policy x: op "bind" shadows a built-in op kind/,
    ],
    [['fuzz', '--policy', 'no-such-policy'], /unknown policy "no-such-policy"/],
    [['fuzz', '--policy', 'i915-2015-e2273302', '--runs', 'many'], /--runs .* invalid/],
    [['fuzz', '--policy', 'i915-2015-e2273302', '--seed', '99999999999'], /--seed .* invalid/],
    [['fuzz', '--frobnicate'], /unknown option '--frobnicate'/],
    [['fuzz'], /exactly one of --policy/],
    [['fuzz', '--policy-file', 'nowhere.ts'], /policy file not found/],
    [['fuzz', '--policy-file', notAPolicy], /does not export a policy: getPages\/putPages missing/],
    [
      ['fuzz', '--policy-file', unknownGpu],
      /does not export a policy: config\.gpu: Invalid option: expected one of "i915"\|"gk20a"/,
    ],
    [
      ['fuzz', '--policy-file', typoExpects],
      /does not export a policy: expects names unknown invariant code\(s\) "NO-LEKA" \(known: MAP-SINGLE, /,
    ],
    [['replay', 'regressions/i915-2015-before-e2273302--NO-LEAK.json', '--policy-file', typoExpects], /"NO-LEKA"/],
    [['frob'], /unknown command 'frob'/],
    [[], /missing command/],
  ])('%j exits 2 with one line', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('bin/dmacheck.mjs', () => {
  it('runs from the shell with the same exit codes', () => {
    const out = execFileSync('node', ['bin/dmacheck.mjs', 'list', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out).policies.length).toBeGreaterThan(2);
    const bad = spawnSync('node', ['bin/dmacheck.mjs', 'fuzz', '--policy', 'nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^dmacheck: unknown policy "nope" \(known: i915-2015-e2273302, .*\)\n$/);
  });
});
