import { Prng } from '../fuzz/prng.ts';
import {
  type Checker,
  DEFAULT_CONFIG,
  type Finding,
  NONE,
  type Op,
  type OpKind,
  type Policy,
  type World,
  type WorldConfig,
} from '../model/index.ts';
import { HandRun } from './hand-i915.ts';

/**
 * Baseline (a): the i915 2015 GEM paths written by hand as straight-line functions over the same
 * model primitives, ops chosen by a seeded PRNG, every invariant checked (the same `makeChecker`)
 * after every step. No frames, no scheduler, no preconditions table: the practical upper bound for
 * this model in JavaScript.
 *
 * Steps are counted as the engine counts them: each `begin` is one atomic step of the policy
 * programs (`policies/i915-2015/`), in the same order, including steps that only pass control (the
 * ioctl calling into `vma_bind`). Ops run to completion in U0; where the engine's op would block on
 * the GPU (unbind, close or shrink of an active object), the loop first retires every job, one
 * `signal` step per fence, as the engine's drain would. So the loop's op log, replayed by the
 * engine, executes the same steps and ends in the same world (`hand-loop.test.ts` checks it).
 */
export interface HandOptions {
  readonly config?: WorldConfig;
  /** Ops per run: uniform in [1, maxOps]. */
  readonly maxOps?: number;
  /** i915 before e2273302 (B01): map at every bind, unmap at the last unbind; else the fixed policy. */
  readonly mapPerBind?: boolean;
  /** Called after each run with its applied ops (in the engine's `Op` form), its world and steps. */
  readonly onRun?: (ops: Op[], w: World, steps: number) => void;
}

export interface HandResult {
  readonly runs: number;
  readonly steps: number;
  /** The first violation and the run it ended, or null. */
  readonly violation: Finding | null;
  readonly runsToFind: number;
}

/** Op kinds and weights, as `generators/ops.ts` `DEFAULT_WEIGHTS` (no `resume`: ops are atomic). */
const MIX: readonly [OpKind, number][] = [
  ['create', 3],
  ['bind', 5],
  ['unbind', 3],
  ['execbuf', 3],
  ['signal', 2],
  ['shrink', 2],
  ['close', 1],
];
const TABLE: OpKind[] = MIX.flatMap(([k, n]) => new Array<OpKind>(n).fill(k));
/** The policy the hand-written loop models. */
export const HAND_POLICY = 'i915-2015-e2273302';

/**
 * Runs `runs` random op sequences of the i915 2015 paths by hand, stopping at the first violation.
 * `policy` is only the kernel handle's (the loop never calls its programs).
 */
export function handLoop(
  seed: number,
  runs: number,
  checker: Checker,
  policy: Policy,
  opts: HandOptions = {},
): HandResult {
  const rng = new Prng(seed);
  const config = opts.config ?? DEFAULT_CONFIG;
  const maxOps = opts.maxOps ?? 24;
  let steps = 0;
  for (let r = 0; r < runs; r++) {
    const log: Op[] | undefined = opts.onRun === undefined ? undefined : [];
    const h = new HandRun(config, policy, checker, opts.mapPerBind === true, log);
    const n = 1 + rng.below(maxOps);
    for (let i = 0; i < n && h.found === null; i++) {
      const w = h.w;
      switch (TABLE[rng.below(TABLE.length)] as OpKind) {
        case 'create':
          h.create();
          break;
        case 'bind':
          h.bind(rng.below(Math.max(1, w.objects.length)), rng.below(config.vms));
          break;
        case 'unbind':
          h.unbind(rng.below(Math.max(1, w.vmas.length)));
          break;
        case 'execbuf':
          h.execbuf(rng.below(Math.max(1, w.objects.length)), rng.below(config.vms), rng.below(2) === 1);
          break;
        case 'signal':
          h.signal();
          break;
        case 'shrink':
          h.shrink();
          break;
        default:
          h.close(rng.below(Math.max(1, w.objects.length)));
      }
    }
    steps += h.steps;
    if (log !== undefined) opts.onRun?.(log, h.w, h.steps);
    if (h.found !== null) return { runs: r + 1, steps, violation: h.found, runsToFind: r + 1 };
  }
  return { runs, steps, violation: null, runsToFind: NONE };
}
