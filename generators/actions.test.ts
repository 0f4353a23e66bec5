import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTEXTS, type ContextId, configFor, createWorld, type Op } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { actionKinds, enabledOps, opTemplates } from './actions.ts';
import { opArb, optionsFor } from './ops.ts';

const ALL = CONTEXTS.map((_, i) => i as ContextId);
const key = (o: Op) => `${o.kind}/${o.ctx}/${o.obj}/${o.vm}/${o.arg}`;

describe('opTemplates', () => {
  for (const name of ['i915-2015-e2273302', 'dmabuf-reference-exporter', 'i915-2015-userptr-380996aa'] as const) {
    it(`holds every op the generators draw for ${name}, and only kinds they can draw`, () => {
      const p = policies[name];
      const opts = optionsFor(p, { config: configFor(p) });
      const templates = new Set(opTemplates(p, opts, ALL).map(key));
      const kinds = new Set(actionKinds(opts));
      for (const op of fc.sample(opArb(opts), { seed: 7, numRuns: 2000 })) {
        expect(kinds.has(op.kind)).toBe(true);
        if (op.kind !== 'resume') expect(templates.has(key(op))).toBe(true);
      }
    });
  }

  it('leaves out the kinds a policy does not draw (userptr races draw no close)', () => {
    const p = policies['i915-2019-userptr-484d9a8'];
    const opts = optionsFor(p, { config: configFor(p) });
    expect(actionKinds(opts)).not.toContain('close');
    expect(actionKinds(optionsFor(policies['i915-2015-e2273302']))).toContain('close');
  });
});

describe('enabledOps', () => {
  it('offers only creates on an empty world', () => {
    const p = policies['i915-2015-e2273302'];
    const opts = optionsFor(p, { config: configFor(p) });
    const ops = enabledOps(createWorld(configFor(p)), opTemplates(p, opts, ALL), opts, ALL);
    expect(new Set(ops.map((o) => o.kind))).toEqual(new Set(['create', 'shrink']));
  });
});
