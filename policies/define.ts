import type { Policy } from '../model/index.ts';
import type { InvariantCode } from '../properties/index.ts';

/** A policy whose `expects` are checked against the invariant registry at compile time. */
export interface PolicyDef extends Omit<Policy, 'expects'> {
  readonly expects: readonly InvariantCode[];
}

export function definePolicy<const P extends PolicyDef>(p: P): P {
  return p;
}
