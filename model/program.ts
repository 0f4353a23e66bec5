import type { Frame } from './frame.ts';
import type { Kernel } from './kernel.ts';

/**
 * A program is a driver routine written as a list of atomic steps. Between two steps the engine may
 * run other contexts: put a step boundary wherever the kernel code can sleep or drops a lock. Inside
 * a step, call kernel primitives (`dmaMapSg`, `writePtes`, `resvTrylock`, ...) on the world.
 *
 * A step returns what happens next:
 * - nothing: go on with the next step (the program ends after its last step);
 * - `DONE`: the program ends now (set `f.ret` first to return an error);
 * - `BLOCK`: the step cannot run yet (a lock is held, a fence has not signalled); it must not have
 *   changed any object (lockdep may have recorded the attempt), and the engine runs it again later;
 * - `k.call(...)`: run another program of the policy in this context, then continue with the next
 *   step (the callee's `f.ret` lands in this frame's `ret`);
 * - a label: jump to that step (loops, retries).
 */
export type Next = undefined | number | string;
// biome-ignore lint/suspicious/noConfusingVoidType: a step that returns nothing goes on to the next one
export type Step = (k: Kernel, f: Frame) => Next | void;

export const DONE = -1;
export const BLOCK = -2;
export const CALL = -3;

export interface Program {
  readonly name: string;
  /** Step labels, in order: reports print them ("bind: write_ptes"). */
  readonly labels: readonly string[];
  readonly steps: readonly Step[];
  /** Label → step index, for jumps. */
  readonly index: ReadonlyMap<string, number>;
  /** `name:label` of each step, precomputed (lockdep records where dependencies were seen). */
  readonly wheres: readonly string[];
}

/** Builds a program from named steps, in the order written. */
export function program(name: string, steps: Readonly<Record<string, Step>>): Program {
  const labels = Object.keys(steps);
  if (labels.length === 0) throw new Error(`program ${name} has no steps`);
  return {
    name,
    labels,
    steps: labels.map((l) => steps[l] as Step),
    index: new Map(labels.map((l, i) => [l, i])),
    wheres: labels.map((l) => `${name}:${l}`),
  };
}
