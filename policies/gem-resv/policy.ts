import type { Policy, Program } from '../../model/index.ts';
import { definePolicy, identity, type PolicyDef, type PolicyIdentity } from '../define.ts';
import type { I915Parts } from '../i915-2015/parts.ts';
import { i915Programs } from '../i915-2015/programs.ts';
import { shmemGetPages, shmemPutPages } from '../i915-2015/shmem.ts';
import { type ShrinkOptions, shrinkResv } from './shrink.ts';

/**
 * The knobs of the `dma_resv` GEM family (`resvDriver`, `dmacheck init --from resv`): the shrinker's
 * locking, the parts of the i915 programs to replace, extra programs, and the page callbacks.
 * @category Policies
 */
export interface ResvVariant extends PolicyIdentity {
  /** How the shrinker locks and what it may purge (`blockingLock`, `purgeBusy`). */
  readonly shrink?: ShrinkOptions;
  /** Places of the i915 programs to replace (all but the lock, which is the reservation). */
  readonly parts?: Omit<I915Parts, 'lock'>;
  /** Programs replaced or added (a signal path, a notifier callback). */
  readonly programs?: Readonly<Record<string, Program>>;
  /** `get_pages` (default: shmem pages, mapped at get_pages as after e2273302). */
  readonly getPages?: Policy['getPages'];
  /** `put_pages` (default: the shmem release matching the default `getPages`). */
  readonly putPages?: Policy['putPages'];
  /** Generator weights, as `Policy.weights`. */
  readonly weights?: Policy['weights'];
  /** World settings, as `Policy.config`. */
  readonly config?: Policy['config'];
  /** As `Policy.faultInjection`. */
  readonly faultInjection?: boolean;
}

/**
 * A driver of the reservation era: every ioctl serialises on the object's `dma_resv` (i915 since
 * 2021 with its ww object lock, TTM drivers, xe), shmem pages mapped in get_pages as after
 * e2273302, and a reservation-trylocking shrinker. Policies vary one piece each. The default
 * get_pages/put_pages are i915's shmem ones (put_pages dirties and marks accessed): a policy of
 * another family that keeps them (the nouveau pushbuf pair, xe gpusvm) inherits those i915 shmem
 * semantics, which its own driver does not necessarily share.
 * @category Policies
 */
export function resvDriver(v: ResvVariant): PolicyDef {
  const parts: I915Parts = { ...v.parts, lock: 'resv' };
  return definePolicy({
    ...identity(v),
    backings: parts.backings ?? ['shmem'],
    ...(v.weights === undefined ? {} : { weights: v.weights }),
    ...(v.config === undefined ? {} : { config: v.config }),
    ...(v.faultInjection === undefined ? {} : { faultInjection: v.faultInjection }),
    getPages: v.getPages ?? ((k, obj) => shmemGetPages(k, obj, true)),
    putPages: v.putPages ?? ((k, obj) => shmemPutPages(k, obj, true)),
    programs: { ...i915Programs(parts), shrink: shrinkResv(v.shrink), ...v.programs },
  });
}
