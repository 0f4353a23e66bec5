import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FuzzResult } from '../fuzz/index.ts';
import { PLATFORMS } from '../model/index.ts';
import { ALL_PLATFORMS, platformsOf, policies } from '../policies/index.ts';
import { runCaptured as cli } from './run-captured.ts';
import { matrixVerdict, summaryText } from './verdict.ts';

const dir = mkdtempSync(join(tmpdir(), 'dmacheck-platform-'));
function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}
const strict = PLATFORMS['x86-intel-iommu-strict'];
const B02 = 'regressions/i915-2013-before-9490edb--MAP-COVERS-BINDINGS.json';

describe('--platform and --platform-file', () => {
  it('refuses a bad platform file with one line and exit 2', async () => {
    const cases = [
      file('typo.json', { ...strict, strictt: true }),
      file('impossible.json', { ...strict, iommu: 'none' }),
      file('notjson.json', '{'),
      join(dir, 'missing.json'),
    ];
    for (const path of cases) {
      const r = await cli(['fuzz', '--policy', 'i915-2015-e2273302', '--runs', '1', '--platform-file', path]);
      expect([r.code, r.err.trim().split('\n').length]).toEqual([2, 1]);
    }
    const r = await cli(['fuzz', '--policy', 'i915-2015-e2273302', '--runs', '1', '--platform', 'vax']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^dmacheck: unknown platform "vax" \(known: x86-intel-iommu-lazy, /);
  });

  it("fuzzes on a user's machine and saves it whole in the trace", async () => {
    const mine = {
      ...strict,
      name: 'my-laptop',
      devices: [{ ...strict.devices[0], name: '0000:00:02.0' }, ...strict.devices.slice(1)],
    };
    const out = join(dir, 'traces');
    const r = await cli([
      'fuzz',
      '--policy',
      'i915-2013-before-9490edb',
      '--seed',
      '1',
      '--runs',
      '300',
      '--platform-file',
      file('mine.json', mine),
      '--save-regression',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^i915-2013-before-9490edb on my-laptop: /);
    const saved = JSON.parse(readFileSync(join(out, 'i915-2013-before-9490edb--MAP-SINGLE--my-laptop.json'), 'utf8'));
    expect(saved.config.platform).toEqual(mine);
    const again = await cli(['replay', join(out, 'i915-2013-before-9490edb--MAP-SINGLE--my-laptop.json')]);
    expect(again.out).toMatch(/still violates MAP-SINGLE on i915-2013-before-9490edb on my-laptop/);
  });

  it("names a user's platform's own devices in the report", async () => {
    const mine = {
      ...strict,
      name: 'my-box',
      devices: [strict.devices[0], { ...strict.devices[1], driver: 'mydrv', name: '0000:09:00.0' }, strict.devices[2]],
    };
    const r = await cli([
      'fuzz',
      '--policy',
      'dmabuf-importer-detach-double-unmap',
      '--seed',
      '1',
      '--runs',
      '2000',
      '--platform-file',
      file('my-box.json', mine),
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\[I\] mydrv 0000:09:00\.0 attaches to obj#0's dma-buf/);
    expect(r.out).not.toMatch(/amdgpu 0000:03:00\.0/);
  });

  it('replays one trace on each machine its driver runs on, and says where it shows', async () => {
    const r = await cli(['replay', B02, '--platform', 'all']);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')).toEqual([
      expect.stringMatching(/still violates MAP-COVERS-BINDINGS on .* on x86-intel-iommu-lazy at step/),
      expect.stringMatching(/still violates MAP-COVERS-BINDINGS on .* on x86-intel-iommu-strict at step/),
      expect.stringMatching(/clean on i915-2013-before-9490edb on x86-no-iommu \(the trace expected/),
    ]);
  });

  it('replays the traces saved before platforms as they were', async () => {
    const r = await cli(['replay', '--regression', B02]);
    expect(r.code).toBe(0);
  });
});

describe('the matrix', () => {
  const found = (...codes: string[]) =>
    ({ found: codes.map((code) => ({ violation: { code } })) }) as unknown as FuzzResult;
  const b02 = policies['i915-2013-before-9490edb'];

  it('runs i915 on x86 only, gk20a on the Tegra K1 only, the corpus everywhere', () => {
    expect(platformsOf(b02).map((p) => p.name)).toEqual([
      'x86-intel-iommu-lazy',
      'x86-intel-iommu-strict',
      'x86-no-iommu',
    ]);
    expect(platformsOf(policies['nouveau-2015-996f545fbb0d']).map((p) => p.name)).toEqual(['arm-tegra-k1-gk20a']);
    expect(platformsOf(policies['corpus-partial-sync'])).toHaveLength(ALL_PLATFORMS.length);
    expect(platformsOf(policies['vmwgfx-intel-iommu-proxy']).map((p) => p.name)).toEqual([
      'x86-vmware-vtd',
      'x86-vmware',
      'x86-vmware-sev',
    ]);
  });

  it('says where a bug shows, and fails on a code no platform may show', () => {
    const v = matrixVerdict(b02, [
      { platform: 'x86-intel-iommu-lazy', result: found('MAP-COVERS-BINDINGS') },
      { platform: 'x86-no-iommu', result: found() },
    ]);
    expect(v.asDeclared).toBe(true);
    expect(summaryText([v])).toMatch(/on x86-intel-iommu-lazy +MAP-COVERS-BINDINGS\n +on x86-no-iommu +clean/);
    const bad = matrixVerdict(b02, [{ platform: 'x86-no-iommu', result: found('LOCK-ORDER') }]);
    expect([bad.asDeclared, bad.undeclared]).toEqual([false, ['LOCK-ORDER']]);
    const clean = matrixVerdict(policies['i915-2015-e2273302'], [
      { platform: 'x86-no-iommu', result: found('NO-LEAK') },
    ]);
    expect(clean.asDeclared).toBe(false);
  });

  it('fails on a code shown where onlyOn does not allow it, and passes it where it does', () => {
    const direct = matrixVerdict(b02, [{ platform: 'x86-no-iommu', result: found('MAP-COVERS-BINDINGS') }]);
    expect([direct.asDeclared, direct.undeclared]).toEqual([false, ['MAP-COVERS-BINDINGS@x86-no-iommu']]);
    const strictFault = matrixVerdict(b02, [{ platform: 'x86-intel-iommu-strict', result: found('IOMMU-FAULT') }]);
    expect(strictFault.asDeclared).toBe(true);
    const strictStale = matrixVerdict(b02, [{ platform: 'x86-intel-iommu-strict', result: found('STALE-DMA') }]);
    expect(strictStale.undeclared).toEqual(['STALE-DMA@x86-intel-iommu-strict']);
    const proxy = policies['vmwgfx-intel-iommu-proxy'];
    const sev = matrixVerdict(proxy, [
      { platform: 'x86-vmware-vtd', result: found() },
      { platform: 'x86-vmware', result: found() },
      { platform: 'x86-vmware-sev', result: found('BOUNCE-COHERENT') },
    ]);
    expect(sev.asDeclared).toBe(true);
    const plain = matrixVerdict(proxy, [{ platform: 'x86-vmware', result: found('BOUNCE-COHERENT') }]);
    expect([plain.asDeclared, plain.undeclared]).toEqual([false, ['BOUNCE-COHERENT@x86-vmware']]);
  });

  it('refuses a policy file whose platforms are not machines', async () => {
    const path = file(
      'policy.mjs',
      `import { policies } from ${JSON.stringify(new URL('../policies/index.ts', import.meta.url).href)};\n` +
        `export default { ...policies['i915-2015-e2273302'], platforms: [{ name: 'x' }] };\n`,
    );
    const r = await cli(['fuzz', '--policy-file', path, '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not export a policy: platforms\.0: /);
  });

  it.each([
    ["onlyOn: { 'NO-LEAK': ['x86-vmware-sev'] }", /onlyOn names NO-LEAK, which the policy does not expect/],
    ["expects: ['NO-LEAK'], onlyOn: { 'NO-LEAK': ['vax'] }", /onlyOn\.NO-LEAK: unknown platform "vax"/],
    ["words: { ops: { frobnicate: 'x' } }", /words\.ops: unknown op kind frobnicate/],
    ['verify: { depth: 0, why: "" }', /verify\.depth: an integer from 1 to 64/],
    ['verify: { contexts: ["Q"], why: "" }', /verify\.contexts: unknown context "Q"/],
  ])('refuses a policy file with %s: one line, exit 2', async (field, message) => {
    // A name of its own: a module is imported once per path.
    const path = file(
      `policy-${field.length}-${field.charCodeAt(0)}.mjs`,
      `import { policies } from ${JSON.stringify(new URL('../policies/index.ts', import.meta.url).href)};\n` +
        `export default { ...policies['i915-2015-e2273302'], ${field} };\n`,
    );
    const r = await cli(['fuzz', '--policy-file', path, '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
