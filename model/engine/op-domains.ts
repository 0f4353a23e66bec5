import type { ContextName, OpKind } from '../core/index.ts';

/**
 * What each field of an op ranges over: the one table both the fuzzer's generators (generators/
 * draws from it) and the exhaustive search (verify/ enumerates it) read, so that fuzzing and
 * verification agree on what an op can be. Fields are listed in the order the generators draw them.
 * @category Engine
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
  /** What its `arg` ranges over. */
  readonly arg: ArgDomain;
  /** It can be preempted after some steps (`run` > 0); else it runs to completion or blocks. */
  readonly preempt: boolean;
}

const d = (ctx: OpDomain['ctx'], obj: boolean, vm: OpDomain['vm'], arg: ArgDomain, preempt = true): OpDomain => ({
  ctx,
  obj,
  vm,
  arg,
  preempt,
});

/** @category Engine */
export const OP_DOMAINS: { readonly [K in OpKind]: OpDomain } = {
  create: d('user', false, 'none', 'backing'),
  bind: d('user', true, 'vm', 'inject'),
  unbind: d('user', true, 'vm', 'none'),
  execbuf: d('user', true, 'vm', 'bit'),
  /** `arg` is the timeline: the user context (U0 = 0, U1 = 1) whose oldest job completes. */
  signal: d('G', false, 'none', 'bit', false),
  shrink: d('R', false, 'none', 'none'),
  close: d('user', true, 'none', 'none'),
  madvise: d('user', true, 'none', 'bit'),
  fault: d('user', true, 'none', 'none'),
  invalidate: d('M', true, 'none', 'bit'),
  worker: d('W', true, 'none', 'none'),
  export: d('user', true, 'none', 'none'),
  attach: d('I', true, 'dev', 'bit'),
  map_attachment: d('I', true, 'dev', 'none'),
  unmap_attachment: d('I', true, 'dev', 'none'),
  detach: d('I', true, 'dev', 'none'),
  import_job: d('I', true, 'dev', 'three'),
  move: d('X', true, 'none', 'none'),
  cpu_access: d('user', true, 'none', 'none'),
  mmap_access: d('user', true, 'none', 'three'),
  /** Generated only for a policy with a `driver_unbind` program (OP_SPECS `needs`). */
  driver_unbind: d('user', false, 'none', 'none'),
  resume: d('busy', false, 'none', 'none'),
};

/**
 * Longest preemption the generators draw (`run` up to this many steps): an op is stopped between
 * any two of its first MAX_PREEMPT steps. The exhaustive search uses the same bound by default.
 * @category Engine
 */
export const MAX_PREEMPT = 12;
