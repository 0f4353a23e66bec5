import { describe, expect, it } from 'vitest';
import type { FuzzResult } from '../fuzz/index.ts';
import { newCoverage } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { verdict, verdictLine } from './verdict.ts';

/** A campaign result that found `codes`, in that order (only the codes matter to a verdict). */
function found(policy: string, codes: string[]): FuzzResult {
  return {
    policy,
    seed: 1,
    runs: 1,
    found: codes.map((code) => ({ violation: { code } })) as unknown as FuzzResult['found'],
    coverage: newCoverage(),
    interrupted: false,
  };
}

describe('verdict', () => {
  it('passes a corpus policy that runs clean', () => {
    const v = verdict(policies['corpus-tx-buffer-reuse'], found('corpus-tx-buffer-reuse', []));
    expect(v.asDeclared).toBe(true);
    expect(verdictLine(v)).toMatch(/^ok +corpus-tx-buffer-reuse +clean$/);
  });

  it('fails a clean policy on any code: no false alarm is set aside', () => {
    const v = verdict(policies['corpus-tx-buffer-reuse'], found('corpus-tx-buffer-reuse', ['SYNC-LIVE']));
    expect(v.asDeclared).toBe(false);
    expect(v.undeclared).toEqual(['SYNC-LIVE']);
  });

  it('fails a buggy policy that breaks something it does not declare', () => {
    const p = policies['i915-2015-before-e2273302'];
    expect(verdict(p, found(p.name, ['MAP-SINGLE'])).asDeclared).toBe(true);
    expect(verdict(p, found(p.name, ['MAP-SINGLE', 'LOCK-ORDER'])).asDeclared).toBe(false);
    expect(verdict(p, found(p.name, [])).asDeclared).toBe(false);
  });
});
