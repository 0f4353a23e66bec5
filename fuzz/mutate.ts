import {
  BACKINGS,
  type ContextId,
  CTX,
  IMPORTERS,
  MAX_PREEMPT,
  type Op,
  type OpDomain,
  opTablesOf,
  type Policy,
  type WorldConfig,
} from '../model/index.ts';
import type { Prng } from './prng.ts';

/**
 * The guided phase's mutations of a recorded op sequence, each drawn from a seeded PRNG so that a
 * campaign replays them: delete an op, insert one taken from another kept sequence, change one op's
 * context, object, address space or device, argument or preemption point, splice two sequences,
 * repeat a block (a leak grows with each repetition), swap two neighbours. Like AFL's havoc stage,
 * one to four of them are stacked. Every field stays in its kind's domain (`OP_DOMAINS`, the table
 * the generators draw from), so a mutant is a sequence the random phase could have drawn.
 */
export interface Mutator {
  /** A mutant of `base`, with `others` (the corpus) as donors; at most `maxOps` long. */
  mutate(base: readonly Op[], others: readonly (readonly Op[])[]): Op[];
}

const USER: readonly ContextId[] = [CTX.U0 as ContextId, CTX.U1 as ContextId];
const BUSY: readonly ContextId[] = [CTX.U0, CTX.U1, CTX.R, CTX.M, CTX.W, CTX.X, CTX.I] as ContextId[];

/** A mutator for `policy`'s ops under `config`, drawing from `rng`. */
export function mutator(policy: Policy, config: WorldConfig, maxOps: number, rng: Prng): Mutator {
  const domains = opTablesOf(policy).domains;
  const backings = (policy.backings ?? ['shmem']).map((b) => BACKINGS.indexOf(b));
  const pick = <T>(xs: readonly T[]): T => xs[rng.below(xs.length)] as T;

  /** `op` with one of its fields redrawn from its domain (unchanged when it has none). */
  const tweak = (op: Op): Op => {
    const d: OpDomain | undefined = domains[op.kind];
    if (d === undefined) return op;
    const fields: ('ctx' | 'obj' | 'vm' | 'arg' | 'run')[] = [];
    if (d.ctx === 'user' || d.ctx === 'busy') fields.push('ctx');
    if (d.obj) fields.push('obj');
    if (d.vm !== 'none') fields.push('vm');
    if (d.arg !== 'none' && !(d.arg === 'inject' && policy.faultInjection !== true)) fields.push('arg');
    if (d.preempt) fields.push('run', 'run');
    if (fields.length === 0) return op;
    switch (pick(fields)) {
      case 'ctx':
        return { ...op, ctx: pick(d.ctx === 'user' ? USER : BUSY) };
      case 'obj':
        return { ...op, obj: rng.below(config.maxObjects) };
      case 'vm':
        return { ...op, vm: d.vm === 'vm' ? rng.below(config.vms) : pick(IMPORTERS) };
      case 'arg':
        return { ...op, arg: d.arg === 'backing' ? pick(backings) : rng.below(d.arg === 'three' ? 3 : 2) };
      case 'run':
        return { ...op, run: rng.below(2) === 0 ? 0 : 1 + rng.below(MAX_PREEMPT) };
    }
  };

  const once = (ops: Op[], others: readonly (readonly Op[])[]): Op[] => {
    const n = ops.length;
    const donor = others.length > 0 ? pick(others) : ops;
    switch (rng.below(7)) {
      case 0:
        if (n > 1) ops.splice(rng.below(n), 1);
        return ops;
      case 1: {
        const op = donor.length > 0 ? pick(donor) : undefined;
        if (op !== undefined) ops.splice(rng.below(n + 1), 0, rng.below(2) === 0 ? op : tweak(op));
        return ops;
      }
      case 2:
      case 3:
        if (n > 0) {
          const i = rng.below(n);
          ops[i] = tweak(ops[i] as Op);
        }
        return ops;
      case 4:
        return [...ops.slice(0, rng.below(n + 1)), ...donor.slice(rng.below(donor.length + 1))];
      case 5: {
        const i = rng.below(n + 1);
        const j = i + rng.below(n - i + 1);
        ops.splice(j, 0, ...ops.slice(i, j));
        return ops;
      }
      default:
        if (n > 1) {
          const i = rng.below(n - 1);
          [ops[i], ops[i + 1]] = [ops[i + 1] as Op, ops[i] as Op];
        }
        return ops;
    }
  };

  return {
    mutate(base, others) {
      let ops = [...base];
      const times = 1 + rng.below(4);
      for (let t = 0; t < times; t++) ops = once(ops, others);
      return ops.length > maxOps ? ops.slice(0, maxOps) : ops;
    },
  };
}
