import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../model/index.ts';
import { runCaptured as cli } from './run-captured.ts';

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
