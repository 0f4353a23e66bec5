import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configFor, type Op, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { optionsFor } from './ops.ts';
import { setupArb } from './setup.ts';

const setups = (p: Policy): Op[][] =>
  fc.sample(setupArb(optionsFor(p, { config: configFor(p) }), 24), { seed: 20150709, numRuns: 200 });

describe('setupArb', () => {
  it('only creates objects for a policy that does not share buffers', () => {
    for (const ops of setups(policies['i915-2015-e2273302'])) {
      expect(ops.length).toBeGreaterThan(0);
      for (const o of ops) expect(o.kind).toBe('create');
    }
  });

  it('exports and imports each object right after its create, where the policy shares buffers', () => {
    const all = setups(policies['dmabuf-reference-exporter']);
    for (const ops of all) {
      let created = 0;
      for (const o of ops) {
        if (o.kind === 'create') created++;
        else expect(o.obj).toBe(created - 1);
      }
    }
    // An import is an attach, mapped at once or not (drm_gem_prime_import_dev maps at once).
    const kinds = all.map((ops) => ops.map((o) => o.kind).join(' '));
    expect(kinds).toContain('create export attach map_attachment attach');
    expect(kinds).toContain('create');
  });
});
