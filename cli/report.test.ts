import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../fuzz/index.ts';
import { policies } from '../policies/index.ts';
import { bugReport, REPORT_FORMAT_NAMES, REPORT_FORMATS } from '../reports/index.ts';
import { runCaptured as cli } from './run-captured.ts';

const file = 'regressions/i915-2015-before-e2273302--NO-LEAK.json';

describe('dmacheck report', () => {
  const loaded = readTrace(file);
  if (!loaded.ok) throw new Error(loaded.error);
  const report = bugReport(loaded.trace, policies['i915-2015-before-e2273302']);

  it.each(REPORT_FORMAT_NAMES)('--format %s prints that rendering of the replayed trace', async (format) => {
    const r = await cli(['report', file, '--format', format]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(REPORT_FORMATS[format].render(report));
  });

  it("prints the trace back byte for byte as json, with the policy's provenance beside its name", async () => {
    const out = (await cli(['report', file, '--format', 'json'])).out;
    const provenance = [
      '  "provenance": {',
      '    "kind": "commit",',
      '    "citation": "commit: before e227330223a7 \\"drm/i915: avoid leaking DMA mappings\\""',
      '  },',
      '',
    ].join('\n');
    expect(out).toBe(readFileSync(file, 'utf8').replace('  "expect"', `${provenance}  "expect"`));
  });

  it('renders a trace replayed on another policy: it runs clean there', async () => {
    const r = await cli(['report', file, '--policy', 'i915-2015-e2273302']);
    expect(r.out).toMatch(/^dmacheck: i915-2015-e2273302 runs clean \(expected NO-LEAK\)$/m);
  });

  it('refuses an unknown format with one line, exit 2', async () => {
    const r = await cli(['report', file, '--format', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^dmacheck: option '--format <format>' argument 'pdf' is invalid/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
