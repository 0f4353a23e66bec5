import type { ContextId } from './ids.ts';
import type { ContextName } from './kinds.ts';
import type { World } from './world.ts';

/**
 * The op shape, what each op kind reads, what its fields range over, and the operations a policy
 * declares beyond the built-in kinds (`PolicyOp`). Every op, built-in or a policy's own, has the one
 * shape `Op`, so the step loop stays monomorphic: a policy op differs only in its kind string, which
 * the engine resolves once per run into an extended spec table (`opSpecsOf` in model/engine).
 */

export interface Op {
  /** An `OP_KINDS` entry, or the `kind` of one of the running policy's own ops (`Policy.ops`). */
  readonly kind: string;
  /** Context the op runs in (or, for `resume`, the context to continue). */
  readonly ctx: ContextId;
  /** Object: index in creation order. */
  readonly obj: number;
  /** Address space: 0 the GGTT, n the PPGTT n. */
  readonly vm: number;
  /** Kind-specific argument (see `OP_SPECS`). */
  readonly arg: number;
  /** Steps to run before the context is preempted; 0 runs the op to completion (or until it blocks). */
  readonly run: number;
}

/**
 * What the engine knows of an op kind (`OP_SPECS`, or a policy's own via `opSpecsOf`): the contexts
 * it runs in, its description, the program it starts and its precondition.
 * @category Engine
 */
export interface OpSpec {
  readonly kind: string;
  /** Contexts the op may run in. */
  readonly contexts: readonly ContextName[];
  /** What the op does, for `list` and the reports. */
  readonly summary: string;
  /** What `arg` means, if the op reads it. */
  readonly arg?: string;
  /** The op looks its object up: it holds a reference on `obj` while it runs (the ioctl's lookup). */
  readonly lookup?: boolean;
  /** Program the op starts, when it is not the op's own name (a core-kernel program). */
  readonly program?: string;
  /** The policy program the op needs; a policy without it does not support the op (it is skipped). */
  readonly needs?: string;
  /**
   * Precondition: the kernel would accept the call (the object exists, the VMA is bound, ...).
   * Checked when the op is about to start; an op whose precondition fails is skipped, not failed,
   * so a shrunk sequence never stalls on an impossible step.
   */
  readonly ready: (w: World, op: Op) => boolean;
  /**
   * When `ready` fails: a valid op of the same kind whose target is picked from the current state,
   * using the op's own fields as the index (so it is deterministic and shrinks with them), or null.
   * This is how most generated ops stay meaningful after earlier ops were shrunk away; the trace
   * records the op that ran.
   */
  readonly retarget?: (w: World, op: Op) => Op | null;
}

/**
 * What each field of an op ranges over: the one table both the fuzzer's generators (generators/
 * draws from it) and the exhaustive search (verify/ enumerates it) read, so that fuzzing and
 * verification agree on what an op can be. Fields are listed in the order the generators draw them.
 */
export type ArgDomain =
  /** The op reads no argument (it is 0). */
  | 'none'
  /** A backing kind the policy creates (index into BACKINGS). */
  | 'backing'
  /** 0, or 1 for an injected failure when the policy has a fault-injection point. */
  | 'inject'
  /** 0 or 1. */
  | 'bit'
  /** 0, 1 or 2. */
  | 'three';

/**
 * What each field of one op kind ranges over (`OP_DOMAINS`): its context, object, `vm` and `arg`,
 * and whether it can be preempted.
 * @category Engine
 */
export interface OpDomain {
  /**
   * Where it runs: `user` one of the user contexts (U0, U1); `busy` any context with an op in
   * flight (`resume`); else the one context named.
   */
  readonly ctx: 'user' | 'busy' | ContextName;
  /** It names an object (an index in creation order below `maxObjects`); else obj is 0. */
  readonly obj: boolean;
  /** Its `vm` field: an address space, an importing device (IMPORTERS), or unused (0). */
  readonly vm: 'vm' | 'dev' | 'none';
  readonly arg: ArgDomain;
  /** It can be preempted after some steps (`run` > 0); else it runs to completion or blocks. */
  readonly preempt: boolean;
}

/**
 * An operation a policy declares beyond the built-in kinds (`Policy.ops`): a driver's own ioctl
 * (display scanout pinning, `set_domain`, `pread`/`pwrite`, ...). It is an `OpSpec` (contexts,
 * precondition `ready`, `retarget`, `lookup`, the `program` it starts: by default the policy's
 * program named `kind`), plus what the generators need (`domain`, `weight`) and how the reports
 * phrase it (`phrase`).
 */
export interface PolicyOp extends Omit<OpSpec, 'needs'> {
  /**
   * The op's kind string, recorded in traces: lower case letters, digits and `_`, starting with a
   * letter, and not a built-in kind (`OP_KINDS`).
   */
  readonly kind: string;
  /** What its fields range over (the generators draw, and `verify` enumerates, from it). */
  readonly domain: OpDomain;
  /** Generator weight beside the built-in mix (`DEFAULT_WEIGHTS`: bind 5, unbind 3, ...); 0 never draws it. */
  readonly weight: number;
  /**
   * How reports phrase one op, without its context: a template in which `{obj}`, `{vm}` (the address
   * space's name), `{dev}` (the device index) and `{arg}` are replaced, or a function of the op.
   */
  readonly phrase: string | ((op: Op) => string);
}
