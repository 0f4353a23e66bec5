import { describe, expect, it } from 'vitest';
import { fuzzPolicy, TEST_SEED } from '../../fuzz/index.ts';
import { definePolicy, i915Programs, policies, shmemGetPages, shmemPutPages } from '../../policies/index.ts';
import { PolicyError } from '../core/index.ts';
import { program } from '../index.ts';

/**
 * A primitive's own check is a finding (WARN-ON), shrunk and reported; an exception from the
 * policy's own code is a PolicyError that names the step, never a counterexample.
 */

/** Issue 14's example: the reservation-locked programs over the 2015 shmem get/put pages. */
const resvOverShmem = definePolicy({
  name: 'test-resv-over-shmem',
  summary: 'reservation-locked i915 programs with the 2015 shmem pages (their pin counts disagree)',
  source: 'constructed for this test',
  expects: [],
  getPages: (k, obj) => shmemGetPages(k, obj, true),
  putPages: (k, obj) => shmemPutPages(k, obj, true),
  programs: i915Programs({ lock: 'resv' }),
});

describe('a kernel warning in a primitive', () => {
  it('is a WARN-ON violation, shrunk, naming the step', async () => {
    const r = await fuzzPolicy(resvOverShmem, { seed: TEST_SEED, runs: 2000 });
    const warn = r.found.find((f) => f.violation.code === 'WARN-ON');
    expect(warn, r.found.map((f) => f.violation.code).join(' ')).toBeDefined();
    expect(warn?.violation.message).toMatch(/^vma_unbind:\w+: unbalanced unpin of obj#\d+'s pages$/);
    expect(warn?.ops.length).toBeLessThanOrEqual(5);
    // Masked once found, it ends a run quietly: the campaign goes on and ends.
    expect(r.found.filter((f) => f.violation.code === 'WARN-ON')).toHaveLength(1);
  });

  it('is not raised by a policy whose pins balance', async () => {
    const r = await fuzzPolicy(policies['i915-2021-shrinker-trylock'], { seed: TEST_SEED, runs: 2000 });
    expect(r.found.map((f) => f.violation.code)).not.toContain('WARN-ON');
  });
});

describe("an exception from the policy's own code", () => {
  const broken = definePolicy({
    ...policies['i915-2015-e2273302'],
    name: 'test-typo-in-unbind',
    programs: {
      ...policies['i915-2015-e2273302'].programs,
      unbind: program('unbind', {
        lookup: (k, f) => {
          const vmas = (k.w.objects[f.obj] as unknown as { vmaz: number[] }).vmaz;
          return vmas[f.vm];
        },
      }),
    },
  });

  it('is a PolicyError naming the program, the step and the op, not a counterexample', async () => {
    const err = await fuzzPolicy(broken, { seed: TEST_SEED, runs: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).message).toMatch(
      /^policy test-typo-in-unbind: step unbind:lookup threw during op \d+ \(world step \d+\): TypeError: /,
    );
    expect((err as PolicyError).cause).toBeInstanceOf(TypeError);
  });
});
