import { deadlock, hang } from './engine-codes.ts';
import type { Invariant } from './invariant.ts';
import { mapBalanced } from './map-balanced.ts';
import { mapCoversBindings } from './map-covers-bindings.ts';
import { mapSingle } from './map-single.ts';
import { noLeak } from './no-leak.ts';

/**
 * The invariant registry: every code a run can report. Codes are KERNEL.md §3's and never change
 * meaning; the CLI, the tests and the coverage table iterate this object.
 */
export const invariants = {
  'MAP-SINGLE': mapSingle,
  'MAP-COVERS-BINDINGS': mapCoversBindings,
  'NO-LEAK': noLeak,
  'MAP-BALANCED': mapBalanced,
  DEADLOCK: deadlock,
  HANG: hang,
} as const satisfies Record<string, Invariant>;

export type InvariantCode = keyof typeof invariants;
export const INVARIANT_CODES = Object.keys(invariants) as InvariantCode[];

export function isInvariantCode(code: string): code is InvariantCode {
  return Object.hasOwn(invariants, code);
}

export { makeChecker } from './checker.ts';
export type { Invariant } from './invariant.ts';
