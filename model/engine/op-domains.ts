import type { ArgDomain, OpDomain, OpKind } from '../core/index.ts';

/**
 * What each field of an op ranges over (`OpDomain`, in model/core/op.ts): the one table both the
 * fuzzer's generators (generators/ draws from it) and the exhaustive search (verify/ enumerates it)
 * read, so that fuzzing and verification agree on what an op can be.
 */
export type { ArgDomain, OpDomain } from '../core/index.ts';

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
