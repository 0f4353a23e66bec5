import fc from 'fast-check';
import {
  BACKINGS,
  type ContextId,
  CTX,
  DEFAULT_CONFIG,
  IMPORTERS,
  OP_KINDS,
  OP_SPECS,
  type Op,
  type OpKind,
  type Policy,
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
  { arbitrary: fc.integer({ min: 7, max: 12 }), weight: 2 },
);

function op(kind: OpKind, ctx: ContextId, obj: number, vm: number, arg: number, run: number): Op {
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
  const I = CTX.I as ContextId;
  const byKind: Record<OpKind, fc.Arbitrary<Op>> = {
    create: fc.tuple(ctx, backing, runArb).map(([c, b, r]) => op('create', c, 0, 0, b, r)),
    bind: fc
      .tuple(ctx, obj, vm, opts.inject === true ? bit : fc.constant(0), runArb)
      .map(([c, o, v, f, r]) => op('bind', c, o, v, f, r)),
    unbind: fc.tuple(ctx, obj, vm, runArb).map(([c, o, v, r]) => op('unbind', c, o, v, 0, r)),
    execbuf: fc.tuple(ctx, obj, vm, bit, runArb).map(([c, o, v, w, r]) => op('execbuf', c, o, v, w, r)),
    signal: bit.map((t) => op('signal', CTX.G as ContextId, 0, 0, t, 0)),
    shrink: runArb.map((r) => op('shrink', CTX.R as ContextId, 0, 0, 0, r)),
    close: fc.tuple(ctx, obj, runArb).map(([c, o, r]) => op('close', c, o, 0, 0, r)),
    madvise: fc.tuple(ctx, obj, bit, runArb).map(([c, o, a, r]) => op('madvise', c, o, 0, a, r)),
    fault: fc.tuple(ctx, obj, runArb).map(([c, o, r]) => op('fault', c, o, 0, 0, r)),
    invalidate: fc.tuple(obj, bit, runArb).map(([o, a, r]) => op('invalidate', CTX.M as ContextId, o, 0, a, r)),
    worker: fc.tuple(obj, runArb).map(([o, r]) => op('worker', CTX.W as ContextId, o, 0, 0, r)),
    export: fc.tuple(ctx, obj, runArb).map(([c, o, r]) => op('export', c, o, 0, 0, r)),
    attach: fc.tuple(obj, dev, bit, runArb).map(([o, d, a, r]) => op('attach', I, o, d, a, r)),
    map_attachment: fc.tuple(obj, dev, runArb).map(([o, d, r]) => op('map_attachment', I, o, d, 0, r)),
    unmap_attachment: fc.tuple(obj, dev, runArb).map(([o, d, r]) => op('unmap_attachment', I, o, d, 0, r)),
    detach: fc.tuple(obj, dev, runArb).map(([o, d, r]) => op('detach', I, o, d, 0, r)),
    import_job: fc.tuple(obj, dev, fc.nat({ max: 2 }), runArb).map(([o, d, a, r]) => op('import_job', I, o, d, a, r)),
    move: fc.tuple(obj, runArb).map(([o, r]) => op('move', CTX.X as ContextId, o, 0, 0, r)),
    cpu_access: fc.tuple(ctx, obj, runArb).map(([c, o, r]) => op('cpu_access', c, o, 0, 0, r)),
    mmap_access: fc.tuple(ctx, obj, fc.nat({ max: 2 }), runArb).map(([c, o, a, r]) => op('mmap_access', c, o, 0, a, r)),
    driver_unbind: fc.tuple(ctx, runArb).map(([c, r]) => op('driver_unbind', c, 0, 0, 0, r)),
    resume: fc
      .tuple(fc.constantFrom(CTX.U0, CTX.U1, CTX.R, CTX.M, CTX.W, CTX.X, CTX.I), runArb)
      .map(([c, r]) => op('resume', c as ContextId, 0, 0, 0, r)),
  };
  const entries = (Object.keys(byKind) as OpKind[])
    .filter((k) => (weights[k] ?? 0) > 0)
    .map((k) => ({ arbitrary: byKind[k], weight: weights[k] }));
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
  };
}
