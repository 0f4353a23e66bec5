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
