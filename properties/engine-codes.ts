import { ENGINE_CODES } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * Codes the engine reports itself: it alone sees that nothing can move or that a program never
 * ends. Listed here so that every code a run can report has a statement and a source.
 */
export const deadlock: Invariant = {
  code: ENGINE_CODES.DEADLOCK,
  summary: 'some context is blocked for ever: every context left waits and no fence can signal',
  source: 'kernel/hung_task.c (hung task detector); dma-fence cross-driver contract, drivers/dma-buf/dma-fence.c',
};

export const hang: Invariant = {
  code: ENGINE_CODES.HANG,
  summary: 'every operation completes in a bounded number of steps (no livelock in a retry loop)',
  source: 'kernel/hung_task.c; a retry loop must make progress (Documentation/mm/hmm.rst, mmu_interval_read_retry)',
};

/**
 * A primitive's own check failed: what the kernel reports as a WARN_ON, a BUG_ON or a lockdep
 * "bad unlock balance" (an unbalanced unpin, a put of a page with no reference, an unlock of a lock
 * the context does not hold). Each primitive names the kernel check it mirrors (`kernelWarn`).
 */
export const warnOn: Invariant = {
  code: ENGINE_CODES.WARN_ON,
  summary: "no primitive's own check fails (a kernel WARN_ON, BUG_ON or lockdep unlock-balance splat)",
  source: 'include/asm-generic/bug.h WARN_ON; kernel/locking/lockdep.c print_unlock_imbalance_bug; lib/refcount.c',
};
