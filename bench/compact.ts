import fc from 'fast-check';
import { DEFAULT_WEIGHTS } from '../generators/index.ts';
import {
  type ContextId,
  CTX,
  DEFAULT_CONFIG,
  type Op,
  type OpKind,
  type Policy,
  run,
  type WorldConfig,
} from '../model/index.ts';
import { invariants, makeChecker } from '../properties/index.ts';

/**
 * An experiment, not the shipped generator: the same op mix encoded as one integer per op, decoded
 * without fast-check. fast-check then draws one number per op instead of building a tuple per op,
 * which is half of a fuzzing run's time (see the breakdown in RESULTS.md). Shrinking still works
 * (fast-check shrinks the integers and the array) but differently: every field of an op shrinks at
 * once, so the minimising pass would matter more.
 */
const KINDS = Object.keys(DEFAULT_WEIGHTS) as OpKind[];
const TABLE: OpKind[] = KINDS.flatMap((k) => new Array<OpKind>(DEFAULT_WEIGHTS[k]).fill(k));
const RESUMABLE = [CTX.U0, CTX.U1, CTX.R] as const;

/** What is left of the integer being decoded. */
let rest = 0;

/** The next digit of `rest` in base `n`. A module function: a closure per op would cost (see README). */
function take(n: number): number {
  const v = rest % n;
  rest = Math.floor(rest / n);
  return v;
}

/** The op an integer stands for: its kind by weight, then its fields from the quotient. */
export function decodeOp(x: number, config: WorldConfig): Op {
  const kind = TABLE[x % TABLE.length] as OpKind;
  rest = Math.floor(x / TABLE.length);
  const ctx = take(2);
  const obj = take(config.maxObjects);
  const vm = take(config.vms);
  const arg = take(2);
  const r = take(10);
  const runFor = r < 8 ? 0 : 1 + take(4);
  // The fields each kind leaves at 0, as `generators/ops.ts` does.
  switch (kind) {
    case 'create':
      return { kind, ctx: ctx as ContextId, obj: 0, vm: 0, arg: 0, run: runFor };
    case 'signal':
      return { kind, ctx: CTX.G as ContextId, obj: 0, vm: 0, arg, run: 0 };
    case 'shrink':
      return { kind, ctx: CTX.R as ContextId, obj: 0, vm: 0, arg: 0, run: runFor };
    case 'close':
      return { kind, ctx: ctx as ContextId, obj, vm: 0, arg: 0, run: runFor };
    case 'resume':
      return { kind, ctx: RESUMABLE[take(3)] as ContextId, obj: 0, vm: 0, arg: 0, run: runFor };
    default:
      return { kind, ctx: ctx as ContextId, obj, vm, arg: kind === 'execbuf' ? arg : 0, run: runFor };
  }
}

/** A choice sequence as integers. */
export function compactOpsArb(maxOps = 24): fc.Arbitrary<number[]> {
  return fc.array(fc.nat(), { minLength: 1, maxLength: maxOps, size: 'max' });
}

/** Fuzzes `runs` compact sequences (decoded in the property), every invariant: steps run, and whether one failed. */
export function compactFuzz(
  p: Policy,
  seed: number,
  runs: number,
  config: WorldConfig = DEFAULT_CONFIG,
): { steps: number; failed: boolean } {
  const checker = makeChecker(Object.values(invariants));
  let steps = 0;
  const prop = fc.property(compactOpsArb(), (xs) => {
    const ops: Op[] = [];
    for (const x of xs) ops.push(decodeOp(x, config));
    const r = run(p, ops, { config, checker });
    steps += r.steps;
    return r.violation === null;
  });
  const d = fc.check(prop, { seed, numRuns: runs });
  return { steps, failed: d.failed };
}
