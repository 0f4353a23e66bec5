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
  it('sets aside the known model false alarm of a corpus policy', () => {
    const v = verdict(policies['corpus-tx-buffer-reuse'], found('corpus-tx-buffer-reuse', ['SYNC-LIVE']));
    expect(v.asDeclared).toBe(true);
    expect(v.known).toEqual(['SYNC-LIVE']);
    expect(verdictLine(v)).toMatch(/^ok +corpus-tx-buffer-reuse +clean {2}\(known model false alarm: SYNC-LIVE\)$/);
  });

  it('fails a corpus policy on any other code', () => {
    const v = verdict(policies['corpus-tx-buffer-reuse'], found('corpus-tx-buffer-reuse', ['SYNC-LIVE', 'NO-LEAK']));
    expect(v.asDeclared).toBe(false);
    expect(v.undeclared).toEqual(['NO-LEAK']);
  });

  it('sets nothing aside for a policy without a known false alarm', () => {
    const v = verdict(policies['corpus-partial-sync'], found('corpus-partial-sync', ['SYNC-LIVE']));
    expect(v.asDeclared).toBe(false);
    expect(v.known).toEqual([]);
  });
});
