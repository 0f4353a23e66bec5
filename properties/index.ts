import { attachOwnSg } from './attach-own-sg.ts';
import { bounceCoherent } from './bounce-coherent.ts';
import { dirtyAfterTeardown } from './dirty-after-teardown.ts';
import { dmaAfterFree } from './dma-after-free.ts';
import { dynMapLocked } from './dyn-map-locked.ts';
import { deadlock, hang, warnOn } from './engine-codes.ts';
import { fenceOnce } from './fence-once.ts';
import { fenceUnderLock } from './fence-under-lock.ts';
import { debugTableHeadroom, iovaHeadroom } from './headroom.ts';
import { invComplete } from './inv-complete.ts';
import { invNoStaleIommu } from './inv-no-stale-iommu.ts';
import type { Invariant } from './invariant.ts';
import { iommuFault } from './iommu-fault.ts';
import { lockOrder } from './lock-order.ts';
import { mapBalanced } from './map-balanced.ts';
import { mapCoversBindings } from './map-covers-bindings.ts';
import { mapErrChecked } from './map-err-checked.ts';
import { mapOverlap } from './map-overlap.ts';
import { mapSingle } from './map-single.ts';
import { noLeak } from './no-leak.ts';
import { pinnedStays } from './pinned-stays.ts';
import { reclaimTrylock } from './reclaim-trylock.ts';
import { segConstraints } from './seg-constraints.ts';
import { seqPublish } from './seq-publish.ts';
import { sgWalk } from './sg-walk.ts';
import { signallingClean } from './signalling-clean.ts';
import { staleDma } from './stale-dma.ts';
import { syncLive } from './sync-live.ts';

/**
 * The invariant registry: every code a run can report. Codes are KERNEL.md §3's and never change
 * meaning; the CLI, the tests and the coverage table iterate this object. When one step breaks
 * several, the first in this order is reported (the specific rule before the general one: e.g.
 * RECLAIM-TRYLOCK before the LOCK-ORDER cycle the same lock closes).
 * @category Invariants
 */
export const invariants = {
  'MAP-SINGLE': mapSingle,
  'MAP-COVERS-BINDINGS': mapCoversBindings,
  'NO-LEAK': noLeak,
  'MAP-BALANCED': mapBalanced,
  'MAP-ERR-CHECKED': mapErrChecked,
  'MAP-OVERLAP': mapOverlap,
  'DIRTY-AFTER-TEARDOWN': dirtyAfterTeardown,
  'DMA-AFTER-FREE': dmaAfterFree,
  'IOMMU-FAULT': iommuFault,
  'STALE-DMA': staleDma,
  'PINNED-STAYS': pinnedStays,
  'INV-COMPLETE': invComplete,
  'INV-NO-STALE-IOMMU': invNoStaleIommu,
  'SEQ-PUBLISH': seqPublish,
  'RECLAIM-TRYLOCK': reclaimTrylock,
  'SIGNALLING-CLEAN': signallingClean,
  'FENCE-ONCE': fenceOnce,
  'FENCE-UNDER-LOCK': fenceUnderLock,
  'ATTACH-OWN-SG': attachOwnSg,
  'SEG-CONSTRAINTS': segConstraints,
  'SG-WALK': sgWalk,
  'DYN-MAP-LOCKED': dynMapLocked,
  'SYNC-LIVE': syncLive,
  'BOUNCE-COHERENT': bounceCoherent,
  'IOVA-HEADROOM': iovaHeadroom,
  'DEBUG-TABLE-HEADROOM': debugTableHeadroom,
  'LOCK-ORDER': lockOrder,
  DEADLOCK: deadlock,
  HANG: hang,
  'WARN-ON': warnOn,
} as const satisfies Record<string, Invariant>;

/** An invariant's stable code (`MAP-SINGLE`, `NO-LEAK`, ...): a key of `invariants`. @category Invariants */
export type InvariantCode = keyof typeof invariants;
/** Every invariant's code, in registry order. @category Invariants */
export const INVARIANT_CODES = Object.keys(invariants) as InvariantCode[];

/** True when `code` is an invariant's code. @category Invariants */
export function isInvariantCode(code: string): code is InvariantCode {
  return Object.hasOwn(invariants, code);
}

export { makeChecker } from './checker.ts';
export type { Invariant } from './invariant.ts';
