import type { Policy } from '../model/index.ts';
import { i915_2013_before_9490edb } from './i915-2013-before-9490edb.ts';
import { i915_2015_before_e2273302 } from './i915-2015-before-e2273302.ts';
import { i915_2015_e2273302 } from './i915-2015-e2273302.ts';

/**
 * The built-in policies, keyed by name. The CLI, the fuzz tests and the docs iterate this object;
 * adding a policy is adding it here.
 */
export const policies = {
  [i915_2015_e2273302.name]: i915_2015_e2273302,
  [i915_2015_before_e2273302.name]: i915_2015_before_e2273302,
  [i915_2013_before_9490edb.name]: i915_2013_before_9490edb,
} as const satisfies Record<string, Policy>;

export type PolicyName = keyof typeof policies;
export const POLICY_NAMES = Object.keys(policies) as PolicyName[];

export function isPolicyName(name: string): name is PolicyName {
  return Object.hasOwn(policies, name);
}

/** The clean policy a buggy one leads to, following `twin` through intermediate fixes. */
export function fixedTwin(p: Policy): Policy | undefined {
  const seen = new Set<string>();
  let cur: Policy | undefined = p;
  while (cur !== undefined && !seen.has(cur.name)) {
    seen.add(cur.name);
    if (cur.expects.length === 0 && cur !== p) return cur;
    cur = cur.twin === undefined ? undefined : (policies as Record<string, Policy>)[cur.twin];
  }
  return undefined;
}

export { definePolicy } from './define.ts';
export { type I915Parts, i915Programs } from './i915-2015/programs.ts';
export { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
