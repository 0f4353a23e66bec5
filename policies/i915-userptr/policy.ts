import type { VerifyBound } from '../../model/index.ts';
import { definePolicy, identity, type PolicyDef, type PolicyIdentity } from '../define.ts';
import { i915Programs } from '../i915-2015/programs.ts';
import { shmemGetPages, shmemPutPages } from '../i915-2015/shmem.ts';
import { queuedInvalidate, syncInvalidate } from './notifier.ts';
import { userptrGetPages, userptrPutPages } from './pages.ts';
import { userptrWorker } from './worker.ts';

/**
 * The knobs of the i915 userptr family (`i915Userptr`, `dmacheck init --from userptr`): how the
 * MMU-notifier callback tears down, whether the worker checks its token, the order of dirty and unmap.
 * @category Policies
 */
export interface UserptrVariant extends PolicyIdentity {
  /** The notifier callback tears down synchronously (484d9a844d0d) or queues it (380996aab50e). */
  readonly invalidate: 'sync' | 'queued';
  /** The worker publishes only if its work item is still current. */
  readonly tokenCheck: boolean;
  /** put_pages dirties the pages before unmapping them. */
  readonly dirtyFirst: boolean;
  /** The worker and the callback use the interval sequence (see WorkerOptions.intervalSeq). */
  readonly intervalSeq?: boolean;
  /** Generator weights over the default mix (see `Policy.weights`). */
  readonly weights?: PolicyDef['weights'];
  /** World settings over the default (see `Policy.config`). */
  readonly config?: PolicyDef['config'];
}

/**
 * Invalidations racing the worker: the 2019 pair's bug needs an invalidation stopped between its
 * callback and the zap while a worker queued after it runs, so those ops dominate (with two
 * objects, as the dma-buf policies have, so that they collide).
 * @category Policies
 */
export const USERPTR_RACE_WEIGHTS = {
  invalidate: 10,
  worker: 10,
  execbuf: 6,
  resume: 6,
  bind: 2,
  unbind: 1,
  shrink: 1,
  signal: 1,
  close: 0,
  madvise: 0,
  fault: 0,
} as const;

/**
 * Where `verify` checks a userptr policy: INV-COMPLETE of 380996aa needs 5 ops (create, bind, the
 * worker, a second bind, the zap) and no fewer within the default bound; the races need the two
 * user threads, the notifier (M) and the worker (W), on one object in the GGTT. Five ops over every
 * context, two objects and two address spaces would take about twenty times as many states.
 * @category Policies
 */
export const USERPTR_VERIFY_BOUND: VerifyBound = {
  depth: 5,
  objects: 1,
  vms: 1,
  contexts: ['U0', 'U1', 'M', 'W'],
  why: "380996aa's INV-COMPLETE needs 5 ops, on one object, in the user threads, the notifier and the worker",
};

/**
 * i915 with userptr objects, struct_mutex era (i915_gem_userptr.c, v4.x-v5.2): shmem objects as
 * after e2273302, userptr objects gathered by the worker and released by the notifier.
 * @category Policies
 */
export function i915Userptr(v: UserptrVariant): PolicyDef {
  const parts = { backings: ['shmem', 'userptr'] } as const;
  return definePolicy({
    ...identity(v),
    backings: parts.backings,
    ...(v.weights === undefined ? {} : { weights: v.weights }),
    ...(v.config === undefined ? {} : { config: v.config }),
    getPages: (k, obj) =>
      k.w.objects[obj]?.backing === 'userptr' ? userptrGetPages(k, obj) : shmemGetPages(k, obj, true),
    putPages: (k, obj) =>
      k.w.objects[obj]?.backing === 'userptr' ? userptrPutPages(k, obj, v.dirtyFirst) : shmemPutPages(k, obj, true),
    programs: {
      ...i915Programs(parts),
      worker: userptrWorker(parts, { tokenCheck: v.tokenCheck, intervalSeq: v.intervalSeq === true }),
      mn_invalidate:
        v.invalidate === 'sync' ? syncInvalidate({ intervalSeq: v.intervalSeq === true }) : queuedInvalidate(),
    },
    verify: USERPTR_VERIFY_BOUND,
  });
}
