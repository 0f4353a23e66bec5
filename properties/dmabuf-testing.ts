import { checkOps } from '../fuzz/index.ts';
import { configFor, type Op, type Policy } from '../model/index.ts';
import type { InvariantCode } from './index.ts';

/** Runs a scenario under the policy's own world (the dma-buf policies use two objects). */
export function check(p: Policy, ops: readonly Op[], only: readonly InvariantCode[]) {
  return checkOps(p, ops, { only, config: configFor(p) });
}
