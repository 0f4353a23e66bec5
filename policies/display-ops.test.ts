import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOps, fuzzPolicy, parseTrace, record, replayTrace, TraceKindError, traceJson } from '../fuzz/index.ts';
import { actionKinds, opArb, opTemplates, optionsFor, S } from '../generators/index.ts';
import {
  CONTEXTS,
  type ContextId,
  type ContextName,
  CTX,
  configFor,
  NONE,
  type Op,
  opTablesOf,
  type Policy,
  program,
} from '../model/index.ts';
import { bugHtml, bugMarkdown, bugReport, bugText, coverageJson, fuzzText } from '../reports/index.ts';
import { opDescription } from '../reports/ops.ts';
import { policies } from './index.ts';

const display = policies['i915-2015-e2273302-display'];
const buggy = policies['i915-display-shrinker-ignores-pin'];
const plain = policies['i915-2015-e2273302'];
const config = configFor(display);

/** One of the display policy's own ops. */
function own(kind: string, obj: number, arg = 0, at: { ctx?: ContextName; run?: number } = {}): Op {
  return { kind, ctx: CTX[at.ctx ?? 'U0'] as ContextId, obj, vm: 0, arg, run: at.run ?? 0 };
}
const pin = (obj: number) => own('pin_for_scanout', obj);
const ggtt = (w: ReturnType<typeof checkOps>['world'], obj: number) => w.vmas[w.objects[obj]?.vmas[0] ?? NONE];

describe('pin_for_scanout / unpin_from_scanout (i915_gem_object_pin_to_display_plane)', () => {
  it('binds into the GGTT and keeps the VMA pinned after the ioctl returns', () => {
    const r = checkOps(display, [S.create(), pin(0), S.unbind(0, 0)], { config });
    expect(r.violation).toBeNull();
    expect(ggtt(r.world, 0)?.bound).toBe(true);
    expect(ggtt(r.world, 0)?.pin).toBe(1);
    expect(r.world.objects[0]?.pinDisplay).toBe(1);
  });

  it('keeps the scanout bound and its pages through reclaim (PINNED-STAYS silent)', () => {
    const r = checkOps(display, [S.create(), pin(0), S.shrink()], { config });
    expect(r.violation).toBeNull();
    expect(ggtt(r.world, 0)?.bound).toBe(true);
    expect(r.world.objects[0]?.sg).not.toBe(NONE);
  });

  it('the planted bug: a shrinker that ignores the scanout pin breaks PINNED-STAYS', () => {
    const r = checkOps(buggy, [S.create(), pin(0), S.shrink()], { config });
    expect(r.violation?.code).toBe('PINNED-STAYS');
    expect(r.violation?.message).toMatch(/reclaim unbound vma#0 \(obj#0 in ggtt\) while it is pinned/);
  });

  it('unpin lets go: the object is unbindable and reclaimable again, on the buggy policy too', () => {
    for (const p of [display, buggy]) {
      const r = checkOps(p, [S.create(), pin(0), own('unpin_from_scanout', 0), S.shrink()], { config });
      expect(r.violation).toBeNull();
      expect(r.world.objects[0]?.pinDisplay).toBe(0);
      expect(ggtt(r.world, 0)?.bound).toBe(false);
      expect(r.world.objects[0]?.sg).toBe(NONE);
    }
  });

  it('unpin without a scanout pin is skipped (its precondition), not run', () => {
    const rec = record(display, [S.create(), own('unpin_from_scanout', 0)], { config });
    expect(rec.skipped).toEqual([1]);
  });

  it('fuzzing finds the planted bug with exactly its code, and the twin stays clean', async () => {
    const bad = await fuzzPolicy(buggy, { seed: 1, runs: 2000 });
    expect(bad.found.map((f) => f.violation.code)).toEqual(['PINNED-STAYS']);
    expect(bad.found[0]?.ops.some((o) => o.kind === 'pin_for_scanout')).toBe(true);
    const text = fuzzText(bad, buggy.expects, opTablesOf(buggy).specs);
    expect(text).toMatch(/\[U0\] pins obj#0 into the ggtt for scanout \(display plane\)/);
    expect(text).toMatch(/pin_for_scanout \d+, unpin_from_scanout \d+, set_domain \d+, pread \d+, pwrite \d+/);
    const clean = await fuzzPolicy(display, { seed: 1, runs: 1000 });
    expect(clean.found).toEqual([]);
    const ops = coverageJson(clean.coverage).ops as Record<string, number>;
    expect(Object.keys(ops).slice(-5)).toEqual([
      'pin_for_scanout',
      'unpin_from_scanout',
      'set_domain',
      'pread',
      'pwrite',
    ]);
    for (const k of Object.keys(ops).slice(-5)) expect(ops[k]).toBeGreaterThan(0);
  });
});

describe('set_domain (i915_gem_set_domain_ioctl)', () => {
  it('waits for the GPU under struct_mutex, then flushes the pages (a CPU access)', () => {
    const rec = record(display, [S.create(), S.execbuf(0, 0, true), own('set_domain', 0, 0)], { config });
    const labels = rec.steps.map((s) => `${s.prog}:${s.label}`);
    const flush = labels.indexOf('set_domain:flush');
    expect(flush).toBeGreaterThan(labels.indexOf('signal:signal'));
    const events = rec.steps[flush]?.events ?? [];
    expect(events.length).toBe(config.objectPages);
    expect(rec.result.violation).toBeNull();
  });

  it('to the GTT domain of an unbound object does nothing ("nothing to do" promoted to success)', () => {
    const rec = record(display, [S.create(), own('set_domain', 0, 1)], { config });
    const flush = rec.steps.find((s) => s.prog === 'set_domain' && s.label === 'flush');
    expect(flush?.events).toEqual([]);
  });
});

describe('pread / pwrite (i915_gem_pread_ioctl, shmem path)', () => {
  // lock, wait_rendering, get_pages, drop_lock: preempted in the copy, struct_mutex dropped.
  const midCopy = (kind: string) => [S.create(), own(kind, 0, 0, { run: 4 }), S.shrink()];

  it('keeps the pages pinned while it copies without struct_mutex: reclaim cannot release them', () => {
    for (const kind of ['pread', 'pwrite']) {
      const rec = record(display, midCopy(kind), { config });
      const shrinkSteps = rec.steps.filter((s) => s.prog === 'shrink');
      expect(shrinkSteps.length).toBeGreaterThan(0);
      expect(rec.result.violation).toBeNull();
      // The copy ran after reclaim, on the pages it could not take.
      const copy = rec.steps.findIndex((s) => s.prog === kind && s.label === 'copy');
      expect(copy).toBeGreaterThan(rec.steps.indexOf(shrinkSteps[0] as (typeof rec.steps)[number]));
      expect(rec.result.world.objects[0]?.pagesPin).toBe(0);
      expect(rec.result.world.objects[0]?.sg).not.toBe(NONE);
    }
  });

  it('pwrite marks the object dirty, pread does not', () => {
    expect(checkOps(display, [S.create(), own('pwrite', 0)], { config }).world.objects[0]?.dirty).toBe(true);
    expect(checkOps(display, [S.create(), own('pread', 0)], { config }).world.objects[0]?.dirty).toBe(false);
  });

  it('the contrast: a pread that does not pin the pages lets reclaim take them mid-copy', () => {
    const unpinned: Policy = {
      ...display,
      name: 'test-pread-without-pin',
      programs: {
        ...display.programs,
        pread: program('pread', {
          get_pages: (k, f) => {
            k.policy.getPages(k, f.obj as never);
          },
          shrink_window: () => undefined,
          copy: (k, f) => {
            f.ret = k.w.objects[f.obj]?.sg === NONE ? -14 : 0;
          },
        }),
      },
    };
    const r = record(unpinned, [S.create(), own('pread', 0, 0, { run: 2 }), S.shrink()], { config });
    expect(r.result.world.objects[0]?.sg).toBe(NONE);
  });
});

describe('a trace with policy ops', () => {
  const file = 'regressions/i915-display-shrinker-ignores-pin--PINNED-STAYS.json';

  it('saves, loads, replays and renders in every format by the policy phrasing', () => {
    const loaded = parseTrace(readFileSync(file, 'utf8'));
    if (!loaded.ok) throw new Error(loaded.error);
    const t = loaded.trace;
    expect(t.ops.some((o) => o.kind === 'pin_for_scanout')).toBe(true);
    const again = parseTrace(traceJson(t));
    expect(again.ok && again.trace).toEqual(t);
    expect(replayTrace(t, buggy).rec.result.violation?.code).toBe('PINNED-STAYS');
    expect(replayTrace(t, display, { unmasked: true }).rec.result.violation).toBeNull();
    const report = bugReport(t, buggy);
    for (const out of [bugText(report), bugMarkdown(report), bugHtml(report)]) {
      expect(out).toMatch(/pins obj#0 into the ggtt for scanout/);
    }
  });

  it('refuses, in one line, a kind neither built-in nor declared by the policy replaying it', () => {
    const loaded = parseTrace(readFileSync(file, 'utf8'));
    if (!loaded.ok) throw new Error(loaded.error);
    expect(() => replayTrace(loaded.trace, plain)).toThrow(TraceKindError);
    expect(() => replayTrace(loaded.trace, plain)).toThrow(
      /^op \d+: unknown op kind "pin_for_scanout" \(neither built-in nor declared by policy i915-2015-e2273302\)$/,
    );
  });

  it('refuses a policy op in a context its declaration does not allow', () => {
    const t = parseTrace(readFileSync(file, 'utf8'));
    if (!t.ok) throw new Error(t.error);
    const moved = {
      ...t.trace,
      ops: t.trace.ops.map((o) => (o.kind === 'pin_for_scanout' ? { ...o, ctx: 'R' as const } : o)),
    };
    expect(() => replayTrace(moved, buggy)).toThrow(/impossible step: op "pin_for_scanout" cannot run in context R/);
  });
});

describe('policy ops in the generators and the search', () => {
  it('are drawn with their weight from their domain, and only for the policy declaring them', () => {
    const opts = optionsFor(display, { config });
    const kinds = new Set(fc.sample(opArb(opts), { seed: 3, numRuns: 3000 }).map((o) => o.kind));
    for (const k of ['pin_for_scanout', 'unpin_from_scanout', 'set_domain', 'pread', 'pwrite'])
      expect(kinds).toContain(k);
    expect(optionsFor(plain).policyOps).toBeUndefined();
    const sampled = fc.sample(opArb(optionsFor(plain, { config })), { seed: 3, numRuns: 3000 });
    expect(sampled.every((o) => !o.kind.includes('scanout'))).toBe(true);
  });

  it('are enumerated by verify (opTemplates) over their domain', () => {
    const opts = optionsFor(display, { config });
    expect(actionKinds(opts)).toContain('set_domain');
    const all = CONTEXTS.map((_, i) => i as ContextId);
    const t = opTemplates(display, opts, all).filter((o) => o.kind === 'set_domain');
    // user contexts x objects x the two domains
    expect(t).toHaveLength(2 * config.maxObjects * 2);
  });

  it('read as the policy phrases them, and generically without its table', () => {
    const specs = opTablesOf(display).specs;
    expect(opDescription(own('set_domain', 1, 1), -1, specs)).toBe(
      'set_domain obj#1 to the GTT domain (waits for the GPU, flushes)',
    );
    expect(opDescription(own('pread', 2), -1, specs)).toBe(
      'preads obj#2 (copy_to_user from its pinned pages, struct_mutex dropped)',
    );
    expect(opDescription(own('pread', 2), -1)).toBe('pread (an op kind this policy does not have)');
  });
});

describe('declaring policy ops (opTablesOf)', () => {
  const op = display.ops?.[0];
  if (op === undefined) throw new Error('the display policy declares ops');
  const withOps = (ops: NonNullable<Policy['ops']>): Policy => ({ ...display, name: 't', ops });

  it.each([
    [[{ ...op, kind: 'bind' }], /op "bind" shadows a built-in op kind/],
    [[op, op], /op "pin_for_scanout" is declared twice/],
    [[{ ...op, kind: 'Pin-It' }], /op "Pin-It" is not a kind name/],
    [[{ ...op, program: 'nowhere' }], /op "pin_for_scanout" starts program nowhere, which the policy lacks/],
    [[{ ...op, contexts: ['U0'] as const }], /is drawn in context U1 \(domain.ctx\) but cannot run there/],
    [[{ ...op, domain: { ...op.domain, ctx: 'busy' as const }, contexts: CONTEXTS }], /cannot have domain.ctx 'busy'/],
  ])('refuses %#', (ops, message) => {
    expect(() => opTablesOf(withOps(ops as NonNullable<Policy['ops']>))).toThrow(message);
  });

  it('gives a policy without ops the built-in tables themselves (the step loop is unchanged)', () => {
    expect(opTablesOf(plain).own).toEqual([]);
    expect(opTablesOf(plain).specs).toBe(opTablesOf(policies['i915-2015-before-e2273302']).specs);
    expect(opTablesOf(display).own).toEqual(['pin_for_scanout', 'unpin_from_scanout', 'set_domain', 'pread', 'pwrite']);
  });
});
