import {
  CONTEXTS,
  type ContextId,
  CTX,
  isPlatformName,
  MAX_PREEMPT,
  PLATFORMS,
  type Platform,
  type Policy,
} from '../model/index.ts';
import { type Bounds, DEFAULT_DEPTH, DEFAULT_OBJECTS, DEFAULT_VMS } from './search.ts';

/** Bounds given on the command line (or by a caller): each one set replaces the policy's own. */
export type GivenBounds = { readonly [K in keyof Bounds]?: Bounds[K] | undefined };

/**
 * The bounds a policy is verified within: each one given, else the policy's own (`Policy.verify`,
 * where the global default does not hold its declared bugs), else the global default (4 ops, 2
 * objects, 2 address spaces, every context, preemption after up to MAX_PREEMPT steps).
 */
export function policyBounds(policy: Policy, given: GivenBounds = {}): Bounds {
  const own = policy.verify;
  const contexts = given.contexts ?? own?.contexts?.map((n) => CTX[n] as ContextId);
  return {
    depth: given.depth ?? own?.depth ?? DEFAULT_DEPTH,
    objects: given.objects ?? own?.objects ?? DEFAULT_OBJECTS,
    vms: given.vms ?? own?.vms ?? DEFAULT_VMS,
    contexts: contexts === undefined ? CONTEXTS.map((_, i) => i as ContextId) : [...contexts].sort((a, b) => a - b),
    preempt: given.preempt ?? own?.preempt ?? MAX_PREEMPT,
  };
}

/**
 * The machines the catalogue verifies a policy on: where a bug shows on some machines only
 * (`Policy.onlyOn`), each machine it shows on; otherwise the one its config names (undefined).
 */
export function catalogueMachines(policy: Policy): readonly (Platform | undefined)[] {
  const only = policy.onlyOn;
  if (only === undefined) return [undefined];
  const names = [...new Set(Object.values(only).flatMap((xs) => xs ?? []))];
  return names.filter(isPlatformName).map((n) => PLATFORMS[n]);
}
