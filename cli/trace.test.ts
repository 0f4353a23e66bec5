import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCaptured } from './run-captured.ts';

const data = (f: string) => `ftrace/testdata/${f}`;

describe('dmacheck trace', () => {
  it('reports exactly the wrong-direction unmap, the sync after unmap and the leak, with their lines, and exits 1', async () => {
    const r = await runCaptured(['trace', data('three-bugs.txt'), '--json']);
    expect(r.code).toBe(1);
    const [t] = JSON.parse(r.out).traces;
    expect(t.errors).toBe(3);
    expect(t.warnings).toBe(0);
    const found = t.groups.flatMap((g: { code: string; findings: { lines: number[]; message: string }[] }) =>
      g.findings.map((f) => [g.code, f.lines]),
    );
    expect(found).toEqual([
      ['MAP-BALANCED', [14, 16]],
      ['SYNC-LIVE', [17, 19, 20]],
      ['NO-LEAK', [21]],
    ]);
  });

  it('prints the text report grouped by code', async () => {
    const r = await runCaptured(['trace', data('three-bugs.txt')]);
    expect(r.out).toMatch(/^ftrace\/testdata\/three-bugs.txt: 3 violations, 0 warnings in 26 lines/);
    expect(r.out).toMatch(/^VIOLATION MAP-BALANCED \(1\): /m);
    expect(r.out).toMatch(
      /frees DMA memory with different direction \[mapped with FROM_DEVICE at line 14\] \[unmapped with TO_DEVICE\]/,
    );
    expect(r.out).toMatch(/^ {2}0000:03:00.0: 1 mapping still live$/m);
  });

  it('exits 0 on a clean trace-cmd report of the first-generation events', async () => {
    const r = await runCaptured(['trace', data('clean-trace-cmd.txt')]);
    expect(r.out).toMatch(/clean in 16 lines \(13 DMA\/IOMMU\/fence events, 1 other, 0 malformed\)/);
    expect(r.code).toBe(0);
  });

  it('exits 0 with warnings only on lost events and a mid-stream start', async () => {
    for (const f of ['lost-events.txt', 'mid-stream.txt']) {
      const r = await runCaptured(['trace', data(f), '--json']);
      const [t] = JSON.parse(r.out).traces;
      expect([f, r.code, t.errors]).toEqual([f, 0, 0]);
      expect(t.warnings).toBeGreaterThan(0);
    }
  });

  it('writes one HTML page for all the traces with --format html, and keeps the exit code', async () => {
    const r = await runCaptured(['trace', data('three-bugs.txt'), data('clean-trace-cmd.txt'), '--format', 'html']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^<!doctype html>/);
    expect(r.out.match(/<section class="trace"/g)).toHaveLength(2);
    expect(r.out).toContain('<title>dmacheck trace: 3 violation(s), 0 warning(s) in 2 traces</title>');
  });

  it('reads standard input', async () => {
    const stdin = Readable.from([readFileSync(data('three-bugs.txt'), 'utf8')]);
    const r = await runCaptured(['trace', '-', '--format', 'md'], { stdin });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^### \\<stdin\\>: 3 violations/);
    expect(r.out).toMatch(/^#### Violation `NO-LEAK` \(1\)$/m);
  });

  it('exits 2 with one line on a binary trace.dat, a missing file, a bad flag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmacheck-trace-'));
    const dat = join(dir, 'trace.dat');
    writeFileSync(dat, Buffer.from([0x17, 0x08, 0x44, ...Buffer.from('tracing6'), 0, 0, 0, 1, 2, 3]));
    for (const [argv, message] of [
      [['trace', dat], /is a binary trace-cmd file \(trace.dat\): run `trace-cmd report/],
      [['trace', join(dir, 'nope.txt')], /cannot read .*nope.txt: ENOENT/],
      [['trace', data('three-bugs.txt'), '--format', 'pdf'], /--format.*invalid/],
      [['trace'], /missing required argument/],
    ] as const) {
      const r = await runCaptured(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('reads back what report --format ftrace and fuzz --ftrace write', async () => {
    const log = await runCaptured([
      'report',
      'regressions/dmabuf-importer-detach-double-unmap--MAP-BALANCED.json',
      '--format',
      'ftrace',
    ]);
    expect(log.code).toBe(0);
    expect(log.out).toMatch(/^ +dmacheck-I-\d+ +\[\d+\] \.{5} +[\d.]+: dma_unmap_sg: /m);
    const r = await runCaptured(['trace', '-', '--from-start', '--json'], { stdin: Readable.from([log.out]) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).traces[0].groups.map((g: { code: string }) => g.code)).toContain('MAP-BALANCED');
    const dir = mkdtempSync(join(tmpdir(), 'dmacheck-ftrace-'));
    const out = join(dir, 'e2273302.txt');
    const f = await runCaptured([
      'fuzz',
      '--policy',
      'i915-2015-before-e2273302',
      '--seed',
      '1',
      '--runs',
      '300',
      '--ftrace',
      out,
    ]);
    expect(f.code).toBe(1);
    const t = await runCaptured(['trace', out, '--from-start']);
    expect(t.out).toMatch(/^VIOLATION MAP-SINGLE \(1\)/m);
    expect((await runCaptured(['fuzz', '--all', '--ftrace', out])).err).toMatch(/--ftrace writes one policy/);
  });
});
