import { describe, expect, it } from 'vitest';
import { S } from '../../generators/index.ts';
import { DEFAULT_CONFIG } from '../../model/index.ts';
import { policies } from '../../policies/index.ts';
import { checkRegression, parseTrace, replayTrace, type Trace, traceJson, traceOp, traceOps } from './index.ts';

const buggy = policies['i915-2015-before-e2273302'];

/** B01: the sequence of commit e2273302's message. */
const b01: Trace = {
  format: 'dmacheck-trace',
  version: 1,
  policy: buggy.name,
  expect: { code: 'MAP-SINGLE' },
  mask: [],
  config: DEFAULT_CONFIG,
  ops: [S.create(), S.bind(0, 0), S.bind(0, 1)].map(traceOp),
};

const parse = (t: unknown) => parseTrace(JSON.stringify(t));
const error = (t: unknown) => {
  const r = parse(t);
  return r.ok ? 'accepted' : r.error;
};

describe('trace files', () => {
  it('parses its own file text back to the same trace, which prints to the same bytes', () => {
    const text = traceJson(b01);
    const back = parseTrace(text);
    expect(back.ok && back.trace).toEqual(b01);
    expect(back.ok && traceJson(back.trace)).toBe(text);
    expect(traceOps(b01)).toEqual([S.create(), S.bind(0, 0), S.bind(0, 1)]);
  });

  it('fills a missing config field with its default', () => {
    const { config: _, ...rest } = b01;
    const r = parse({ ...rest, config: { vms: 2 } });
    expect(r.ok && r.trace.config).toEqual({ ...DEFAULT_CONFIG, vms: 2 });
  });

  it.each([
    [{ ...b01, version: 2 }, /^unsupported trace version 2 \(this dmacheck reads version 1\)$/],
    [{ ...b01, format: 'other' }, /^not a dmacheck trace/],
    [{ ...b01, expect: { code: 'NOPE' } }, /^expect\.code: unknown invariant "NOPE"$/],
    [{ ...b01, ops: [{ ...b01.ops[0], kind: 'Frob!' }] }, /^ops\[0\]\.kind: unknown op kind "Frob!"$/],
    [{ ...b01, ops: [{ ...b01.ops[0], ctx: 'Q' }] }, /^ops\[0\]\.ctx: unknown context "Q"$/],
    [
      { ...b01, ops: [{ ...b01.ops[1], ctx: 'R' }] },
      /^ops\[0\]\.ctx: impossible step: op "bind" cannot run in context R/,
    ],
    [{ ...b01, ops: [{ ...b01.ops[1], obj: 3 }] }, /^ops\[0\]\.obj: no obj#3: config\.maxObjects is 3$/],
    [{ ...b01, ops: [{ ...b01.ops[1], vm: 1e308 }] }, /^ops\[0\]\.vm: /],
    [{ ...b01, ops: [{ ...b01.ops[1], run: -1 }] }, /^ops\[0\]\.run: expected an integer from 0 to 1000$/],
    [{ ...b01, ops: [] }, /^ops: Too small/],
    [{ ...b01, extra: 1 }, /^trace: Unrecognized key: "extra"$/],
    [{ ...b01, policy: '../x' }, /^policy: a policy name is/],
  ])('rejects %# with one line naming the field', (t, message) => {
    expect(error(t)).toMatch(message);
  });

  it.each([
    ['', /^empty file/],
    ['{', /^not valid JSON/],
    [`${'['.repeat(100000)}${']'.repeat(100000)}`, /^nested deeper than 16 levels$/],
    ['{"format":"dmacheck-trace","version":1,"__proto__":{"x":1}}', /^not valid JSON: forbidden key "__proto__"$/],
    [' '.repeat((1 << 20) + 1), /^larger than 1048576 bytes$/],
  ])('rejects hostile text %#', (text, message) => {
    const r = parseTrace(text);
    expect(r.ok ? 'accepted' : r.error).toMatch(message);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('replays to a failure on the recorded policy, and to a clean run on the fix', () => {
    expect(replayTrace(b01, buggy).rec.result.violation?.code).toBe('MAP-SINGLE');
    expect(checkRegression(b01, buggy)).toEqual({
      ok: true,
      found: 'MAP-SINGLE',
      fix: { policy: 'i915-2015-e2273302', found: null },
      problems: [],
    });
  });

  it('tells an op that no longer runs as recorded', () => {
    const fixed = policies['i915-2015-e2273302'];
    const skipped = { ...b01, ops: [S.create(), S.unbind(0, 2)].map(traceOp) };
    expect(replayTrace(skipped, fixed).divergence).toBe(
      'impossible step: op 2 (unbind in U0, obj 0, vm 2, arg 0) cannot run (its precondition fails or its context is busy)',
    );
    const moved = { ...b01, ops: [S.create(), S.bind(0, 0), S.unbind(0, 2)].map(traceOp) };
    expect(replayTrace(moved, fixed).divergence).toMatch(/^impossible step: op 3 .* runs on another target$/);
    expect(replayTrace(b01, fixed).divergence).toBeNull();
  });
});
