import type { Policy } from '../model/index.ts';
import type { InvariantCode } from '../properties/index.ts';

/** A policy whose `expects` are checked against the invariant registry at compile time. @category Policies */
export interface PolicyDef extends Omit<Policy, 'expects'> {
  readonly expects: readonly InvariantCode[];
}

/**
 * Checks a policy at compile time (its `expects` must be invariant codes) and returns it unchanged.
 * Write `export default definePolicy({ ... })` in a policy file.
 * @category Policies
 */
export function definePolicy<const P extends PolicyDef>(p: P): P {
  return p;
}

/** What names a catalogued policy; each driver family's builder takes it with its own knobs. @category Policies */
export type PolicyIdentity = Pick<
  PolicyDef,
  'name' | 'summary' | 'source' | 'expects' | 'twin' | 'provenance' | 'simplifications'
>;

/** The identity fields of a builder's argument, to spread into the policy it builds. @category Policies */
export function identity(v: PolicyIdentity): PolicyIdentity {
  return {
    name: v.name,
    summary: v.summary,
    source: v.source,
    expects: v.expects,
    ...(v.twin === undefined ? {} : { twin: v.twin }),
    ...(v.provenance === undefined ? {} : { provenance: v.provenance }),
    ...(v.simplifications === undefined ? {} : { simplifications: v.simplifications }),
  };
}
