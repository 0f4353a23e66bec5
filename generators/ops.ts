import fc from 'fast-check';
import {
  type ArgDomain,
  BACKINGS,
  type ContextId,
  CTX,
  DEFAULT_CONFIG,
  IMPORTERS,
  MAX_PREEMPT,
  OP_DOMAINS,
  OP_KINDS,
  OP_SPECS,
  type Op,
  type OpDomain,
  type OpKind,
  opTablesOf,
  type Policy,
  type PolicyOp,
  type WorldConfig,
} from '../model/index.ts';
import { setupArb } from './setup.ts';

/**
 * fast-check arbitraries for choice sequences. Each choice is an op with its context and a step
 * budget (`run`): 0 runs the op to completion, n > 0 preempts it after n steps so that another
 * context runs in the middle; `resume` continues a preempted context. Operations and interleaving
 * are one sequence, so one shrinker minimises both. Objects and address spaces come from small
 * pools so that they collide; ops whose precondition fails at run time are skipped, not failed.
 */
export interface GenOptions {
  readonly config?: WorldConfig;
  /** Longest sequence generated. */
  readonly maxOps?: number;
  /** Relative weights per op kind; a kind with weight 0 is never generated. */
  readonly weights?: Partial<Record<OpKind, number>>;
  /** Backing kinds `create` picks from (index into BACKINGS); default shmem only. */
  readonly backings?: readonly number[];
  /** Generate preemption (ops stopped mid-way, resumed later); false runs every op atomically. */
  readonly preempt?: boolean;
  /** Binds may carry an injected failure (`arg` 1: the kernel's fault injection, `should_fail()`). */
  readonly inject?: boolean;
  /** The setup may export the objects it creates and import them into the importers (`setupArb`). */
  readonly share?: boolean;
  /**
   * The policy's own ops (`Policy.ops`; `optionsFor` sets them): drawn beside the built-in kinds,
   * each with its `weight`, its fields from its `domain`.
   */
  readonly policyOps?: readonly PolicyOp[];
  /**
   * How a campaign draws its choice sequences (`choicesArb`): `prng` (default) straight from
   * fast-check's random source, `arbitraries` through `fc.array(fc.nat())`. Both shrink alike.
   */
  readonly draw?: 'prng' | 'arbitraries';
}

/** Default mix: binds and unbinds dominate, as they do in the bugs of the catalogue. */
export const DEFAULT_WEIGHTS: Readonly<Record<OpKind, number>> = {
  create: 3,
  bind: 5,
  unbind: 3,
  execbuf: 3,
  signal: 2,
  shrink: 2,
  close: 1,
  madvise: 1,
  fault: 1,
  invalidate: 2,
  worker: 2,
  export: 2,
  attach: 2,
  map_attachment: 3,
  unmap_attachment: 1,
  detach: 1,
  import_job: 2,
  move: 1,
  cpu_access: 2,
  mmap_access: 2,
  driver_unbind: 1,
  resume: 1,
};

const USER: readonly ContextId[] = [CTX.U0 as ContextId, CTX.U1 as ContextId];

/**
 * Steps before preemption: mostly 0 (atomic), shrinking towards 0. Often up to 6, so that one
 * preemption can stop a bind or an execbuf between any two of its steps up to the page-table
 * write or the fence add (amdgpu's CS takes the notifier lock after writing the PTEs and holds it
 * through the fence add). Less often 7 to 12, so that one preemption
 * can stop an invalidation after its notifier callback returned and before the zap (8 or 9
 * steps in: the gap of i915-2019-userptr-484d9a8).
 */
const preemptingRunArb = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant(0), weight: 8 },
  { arbitrary: fc.integer({ min: 1, max: 6 }), weight: 2 },
  { arbitrary: fc.integer({ min: 7, max: MAX_PREEMPT }), weight: 2 },
);

function op(kind: string, ctx: ContextId, obj: number, vm: number, arg: number, run: number): Op {
  return { kind, ctx, obj, vm, arg, run };
}

export function opArb(opts: GenOptions = {}): fc.Arbitrary<Op> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const weights = { ...DEFAULT_WEIGHTS, ...opts.weights };
  const ctx = fc.constantFrom(...USER);
  const obj = fc.nat({ max: config.maxObjects - 1 });
  const vm = fc.nat({ max: config.vms - 1 });
  const bit = fc.nat({ max: 1 });
  const runArb = opts.preempt === false ? fc.constant(0) : preemptingRunArb;
  if (opts.preempt === false) weights.resume = 0;
  const backing = fc.constantFrom(...(opts.backings ?? [0]));
  const dev = fc.constantFrom(...IMPORTERS);
  const three = fc.nat({ max: 2 });
  const busy = fc.constantFrom(CTX.U0, CTX.U1, CTX.R, CTX.M, CTX.W, CTX.X, CTX.I);
  const argArb: Record<ArgDomain, fc.Arbitrary<number> | null> = {
    none: null,
    backing,
    inject: opts.inject === true ? bit : fc.constant(0),
    bit,
    three,
  };
  // Each kind draws the fields OP_DOMAINS gives it, in the table's order, then builds the op.
  const kindArb = (kind: string, dom: OpDomain): fc.Arbitrary<Op> => {
    const fields: fc.Arbitrary<number>[] = [];
    if (dom.ctx === 'user') fields.push(ctx);
    else if (dom.ctx === 'busy') fields.push(busy);
    if (dom.obj) fields.push(obj);
    if (dom.vm !== 'none') fields.push(dom.vm === 'vm' ? vm : dev);
    const a = argArb[dom.arg];
    if (a !== null) fields.push(a);
    if (dom.preempt) fields.push(runArb);
    const fixed = dom.ctx === 'user' || dom.ctx === 'busy' ? 0 : CTX[dom.ctx];
    const build = (xs: readonly number[]): Op => {
      let i = 0;
      const next = () => xs[i++] as number;
      const c = dom.ctx === 'user' || dom.ctx === 'busy' ? next() : fixed;
      const o = dom.obj ? next() : 0;
      const v = dom.vm !== 'none' ? next() : 0;
      const g = a !== null ? next() : 0;
      const r = dom.preempt ? next() : 0;
      return op(kind, c as ContextId, o, v, g, r);
    };
    // One field is drawn bare, not as a 1-tuple, so the random stream stays what it was.
    if (fields.length === 1) return (fields[0] as fc.Arbitrary<number>).map((x) => build([x]));
    return fc.tuple(...fields).map(build);
  };
  const byKind = Object.fromEntries(OP_KINDS.map((k) => [k, kindArb(k, OP_DOMAINS[k])])) as Record<
    OpKind,
    fc.Arbitrary<Op>
  >;
  const entries = (Object.keys(byKind) as OpKind[])
    .filter((k) => (weights[k] ?? 0) > 0)
    .map((k) => ({ arbitrary: byKind[k], weight: weights[k] }));
  // A policy's own ops come after the built-in kinds, so a policy without any draws as it always did.
  for (const p of opts.policyOps ?? []) {
    if (p.weight > 0) entries.push({ arbitrary: kindArb(p.kind, p.domain), weight: p.weight });
  }
  return fc.oneof(...entries);
}

/**
 * A choice sequence: a setup that creates a few objects, and shares them where the policy does
 * (`setupArb`), then ops of every kind, creates included.
 */
export function opsArb(opts: GenOptions = {}): fc.Arbitrary<Op[]> {
  const max = opts.maxOps ?? 24;
  return fc
    .tuple(setupArb(opts, max), fc.array(opArb(opts), { maxLength: max, size: 'max' }))
    .map(([setup, body]) => [...setup, ...body].slice(0, max));
}

/**
 * Generator options fitted to a policy: ops it does not support are not generated, and `create`
 * makes the backing kinds it declares.
 */
export function optionsFor(policy: Policy, opts: GenOptions = {}): GenOptions {
  const weights: Partial<Record<OpKind, number>> = { ...policy.weights, ...opts.weights };
  for (const kind of OP_KINDS) {
    const needs = OP_SPECS[kind].needs;
    if (needs !== undefined && policy.programs[needs] === undefined) weights[kind] = 0;
  }
  const backings = (policy.backings ?? ['shmem']).map((b) => BACKINGS.indexOf(b));
  if (!backings.includes(BACKINGS.indexOf('userptr'))) {
    weights.invalidate = 0;
    weights.worker = 0;
  }
  const drawn = (k: OpKind) => (weights[k] ?? DEFAULT_WEIGHTS[k]) > 0;
  return {
    ...opts,
    weights,
    backings,
    inject: opts.inject ?? policy.faultInjection === true,
    share: opts.share ?? (drawn('export') && drawn('attach')),
    // The policy's own ops, once checked (opTablesOf throws on a bad declaration).
    ...(opTablesOf(policy).own.length === 0 ? {} : { policyOps: policy.ops as readonly PolicyOp[] }),
  };
}
