import { describe, expect, it } from 'vitest';
import type { Policy } from '../model/index.ts';
import { POLICY_NAMES, policies, RENAMED, resolvePolicyName } from './index.ts';
import { type Catalogue, provenanceCitation, provenanceProblems, renamedProblems } from './provenance.ts';

const cat: Catalogue = { names: POLICY_NAMES, renamed: RENAMED };

const clean = policies['i915-2015-e2273302'] as Policy;
const buggy = policies['i915-2015-before-e2273302'] as Policy;

describe('policy provenance', () => {
  it.each(Object.values(policies) as Policy[])('$name has a well-formed provenance', (p) => {
    expect(provenanceProblems(p, cat)).toEqual([]);
  });

  it('every rename leads to a registered policy, and the old name is free', () => {
    expect(renamedProblems(cat)).toEqual([]);
  });

  it('resolves an old name to the policy it became', () => {
    expect(resolvePolicyName('i915-2013-before-51311d0a')).toBe('i915-2010-before-51311d0a');
    expect(resolvePolicyName('ttm-2020-before-c0f83d164fb8')).toBe('ttm-2020-before-42e67b479eab');
    expect(resolvePolicyName('dmabuf-2021-exporter')).toBe('dmabuf-reference-exporter');
    expect(resolvePolicyName('no-such-policy')).toBeUndefined();
  });

  describe('fires on a broken policy', () => {
    it('without provenance or simplifications', () => {
      const { provenance: _, simplifications: __, ...p } = clean;
      expect(provenanceProblems(p, cat)).toEqual([
        'i915-2015-e2273302: no provenance',
        'i915-2015-e2273302: no simplifications list (empty when none)',
      ]);
    });

    it('with a commit id that is not 12-40 lowercase hex, or an empty title', () => {
      for (const id of ['e2273302', 'E227330223A7', 'e227330223a7x', 'e227330223a7'.repeat(4)]) {
        const p = { ...clean, provenance: { kind: 'commit', id, title: 'x' } } as const;
        expect(provenanceProblems(p, cat)).toEqual([`${p.name}: commit id "${id}" is not 12-40 lowercase hex digits`]);
      }
      const p = { ...clean, provenance: { kind: 'commit', id: 'e227330223a7', title: ' ' } } as const;
      expect(provenanceProblems(p, cat)).toEqual([`${p.name}: commit provenance has an empty title`]);
    });

    it('with a buggy commit policy that names no fix', () => {
      const p = { ...buggy, provenance: { kind: 'commit', id: 'e227330223a7', title: 'drm/i915: x' } } as const;
      expect(provenanceProblems(p, cat)).toEqual([
        `${p.name}: a buggy policy of a commit names its fix (before: true, or fixedBy)`,
      ]);
      const fixed = { ...p, provenance: { ...p.provenance, fixedBy: '484d9a844d0d' } };
      expect(provenanceProblems(fixed, cat)).toEqual([]);
    });

    it('with an expects code the invariant registry does not have', () => {
      const p = { ...buggy, expects: ['MAP-SINGEL'] };
      expect(provenanceProblems(p, cat)).toEqual([`${p.name}: expects unknown code MAP-SINGEL`]);
    });

    it('with a twin that names no registered policy, but not with an old name of one', () => {
      expect(provenanceProblems({ ...clean, twin: 'i915-2015-e227330' }, cat)).toEqual([
        `${clean.name}: twin i915-2015-e227330 is not a registered policy`,
      ]);
      expect(provenanceProblems({ ...clean, twin: 'dmabuf-2021-exporter' }, cat)).toEqual([]);
    });

    it('with empty citation fields of the other kinds', () => {
      const p = { ...clean, provenance: { kind: 'patch', messageId: '', title: 't' } } as const;
      expect(provenanceProblems(p, cat)).toEqual([`${p.name}: patch provenance has an empty messageId`]);
      const q = { ...clean, provenance: { kind: 'constructed', rule: 'r', where: '' } } as const;
      expect(provenanceProblems(q, cat)).toEqual([`${q.name}: constructed provenance has an empty where`]);
    });

    it('with a rename to an unregistered name, or of a name still registered', () => {
      expect(renamedProblems({ names: POLICY_NAMES, renamed: { 'old-x': 'new-x' } })).toEqual([
        'renamed old-x -> new-x: new-x is not a registered policy',
      ]);
      expect(
        renamedProblems({ names: POLICY_NAMES, renamed: { 'i915-2015-e2273302': 'i915-2015-before-e2273302' } }),
      ).toEqual(['renamed i915-2015-e2273302 -> i915-2015-before-e2273302: i915-2015-e2273302 is still registered']);
    });
  });

  it('cites each kind in one line', () => {
    expect(provenanceCitation(buggy.provenance)).toBe(
      'commit: before e227330223a7 "drm/i915: avoid leaking DMA mappings"',
    );
    expect(provenanceCitation(policies['i915-2019-userptr-484d9a8'].provenance)).toBe(
      'commit: 484d9a844d0d "drm/i915/userptr: Avoid struct_mutex recursion for mmu_invalidate_range_start"; fixed by ed29c2691188',
    );
    expect(provenanceCitation(undefined)).toBe('unclassified (no provenance)');
  });
});
