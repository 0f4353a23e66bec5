import type { ObjectId } from './ids.ts';
import type { Kernel } from './kernel.ts';
import type { Backing } from './kinds.ts';
import type { OpKind, RequiredProgram } from './ops.ts';
import type { Program } from './program.ts';
import type { WorldConfig } from './world.ts';

/**
 * A driver policy: the code under test. It models a driver's lifetime code (get_pages, put_pages,
 * bind, unbind, the shrinker, ...) as programs of atomic steps over the kernel primitives.
 */
export interface Policy {
  /** Registry name: `<driver>-<year>-<commit or thread>`; `before-<commit>` for the bug a commit fixed. */
  readonly name: string;
  /** One line: what the driver does. */
  readonly summary: string;
  /** Kernel source of the behaviour: commit id, kernel doc path or mailing-list thread. */
  readonly source: string;
  /** Invariant codes this policy is expected to break; empty for a correct policy. */
  readonly expects: readonly string[];
  /** The name of its fixed (or buggy) counterpart, where history gives one. */
  readonly twin?: string;
  /**
   * `get_pages`: make the backing pages available (and, since e2273302, DMA-mapped). Atomic: it
   * runs inside a step. Returns 0 or -errno. `injectFault` (only for a policy with `faultInjection`)
   * makes its failure point fail, as the kernel's fault injection (`should_fail()`) would.
   */
  getPages(k: Kernel, obj: ObjectId, injectFault?: boolean): number;
  /** `put_pages`: release the backing pages. Returns 0 or -errno (-EBUSY while pinned). */
  putPages(k: Kernel, obj: ObjectId): number;
  /** Backing kinds the driver creates objects of (default: shmem only). */
  readonly backings?: readonly Backing[];
  /** The driver has a fault-injection point in bind (`arg` 1 makes it fail, as `should_fail()` would). */
  readonly faultInjection?: boolean;
  /** World settings the policy is checked under (merged over the default), e.g. a small IOVA space. */
  readonly config?: Partial<WorldConfig>;
  /** Generator weights over the default mix: which operations this driver's bugs live among. */
  readonly weights?: Partial<Record<OpKind, number>>;
  /**
   * Programs by name: one for each required op, optional ones for the other ops (`mn_invalidate`,
   * the MMU-notifier callback; `worker`; `madvise`; `fault`), and any helpers the policy calls.
   */
  readonly programs: Readonly<Record<RequiredProgram, Program>> & Readonly<Record<string, Program | undefined>>;
}
