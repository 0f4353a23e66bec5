import { EventLog } from './events.ts';
import { type Frame, newFrame } from './frame.ts';
import type { ContextId, ObjectId } from './ids.ts';
import type { Backing, ContextName, OpKind, RequiredProgram } from './kinds.ts';
import type { Op, PolicyOp } from './op.ts';
import type { Platform } from './platform.ts';
import type { Obj, World, WorldConfig } from './world.ts';

/*
 * The driver interface, in one file because its three types refer to each other: a `Policy` holds
 * `Program`s, a program's steps take the `Kernel` handle, and the handle carries the policy whose
 * callbacks (`getPages`, `putPages`) the steps call.
 */

/**
 * The handle a step receives: the world, the running context and frame, and the step's event log.
 * Not part of the world's state (it is rebuilt for every run); primitives are free functions taking
 * it as their first argument, as kernel functions take their device or object.
 * @category Programs and policies
 */
export class Kernel {
  /** The world the step changes. */
  readonly w: World;
  /** The policy under test (`k.policy.getPages(k, obj)`). */
  readonly policy: Policy;
  /** The events this step recorded so far. */
  readonly ev = new EventLog();
  /** Objects a primitive changed during this step; the checker re-examines only these. */
  readonly touched: ObjectId[] = [];
  /** The context running the current step. */
  ctx: ContextId = 0 as ContextId;
  /** A frame `call` prepared for the engine to push. */
  pending: Frame | null = null;
  /** `program:step` running now (lockdep records where each dependency was first seen). */
  where = '';

  constructor(w: World, policy: Policy) {
    this.w = w;
    this.policy = policy;
  }

  /** Records an event of the current step. */
  emit(kind: number, obj: number, a: number, b: number, c: number, d = 0): void {
    this.ev.push(kind, this.ctx, obj, a, b, c, d);
  }

  /** Marks an object as changed in this step. */
  touch(o: Obj): void {
    if (o.touched !== this.w.step) {
      o.touched = this.w.step;
      this.touched.push(o.id);
    }
  }

  /**
   * Runs another program (the policy's, or a core-kernel one) in this context; return the result
   * from the step. The engine resolves the name when it pushes the frame.
   */
  call(prog: string, obj: number, vm: number, arg: number): number {
    this.pending = newFrame(prog, obj, vm, arg);
    return CALL;
  }

  /** Starts a fresh step: clears the per-step event log and touched set. */
  beginStep(ctx: ContextId): void {
    this.w.step++;
    this.ctx = ctx;
    this.ev.n = 0;
    // `length = 0` is a runtime call in V8; popping the one or two entries is inlined.
    const t = this.touched;
    while (t.length > 0) t.pop();
  }
}

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
 * @category Programs and policies
 */
export type Next = undefined | number | string;
/**
 * One atomic step of a program: it runs with no other context interleaved, changes the world
 * through the primitives and returns what happens next (`Next`; nothing goes on to the next step).
 * @category Programs and policies
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a step that returns nothing goes on to the next one
export type Step = (k: Kernel, f: Frame) => Next | void;

/** A step's return: the program ends now (set `f.ret` first to return an error). @category Programs and policies */
export const DONE = -1;
/**
 * A step's return: it cannot run yet (a lock is held, a fence is unsignalled). The step must not have changed
 * anything; the engine runs it again later.
 * @category Programs and policies
 */
export const BLOCK = -2;
/**
 * What `k.call` returns, for the step to return: the engine pushes the prepared frame.
 * @category Programs and policies
 */
export const CALL = -3;

/**
 * A program built by `program()`: its named steps in order, and the label index jumps use.
 * @category Programs and policies
 */
export interface Program {
  /** The program's name (`bind`, `vma_unbind`, ...). */
  readonly name: string;
  /** Step labels, in order: reports print them ("bind: write_ptes"). */
  readonly labels: readonly string[];
  /** The step functions, in label order. */
  readonly steps: readonly Step[];
  /** Label → step index, for jumps. */
  readonly index: ReadonlyMap<string, number>;
  /** `name:label` of each step, precomputed (lockdep records where dependencies were seen). */
  readonly wheres: readonly string[];
}

/** Builds a program from named steps, in the order written. @category Programs and policies */
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

/**
 * A policy's own bound for `dmacheck verify` (`Policy.verify`): each field given replaces the global
 * default; command-line flags replace both.
 * @category Programs and policies
 */
export interface VerifyBound {
  /** Ops started (resumes included). */
  readonly depth?: number;
  /** Objects a sequence may create. */
  readonly objects?: number;
  /** Address spaces: the GGTT plus n-1 PPGTTs. */
  readonly vms?: number;
  /** The contexts ops run in. */
  readonly contexts?: readonly ContextName[];
  /** An op may be preempted after each of its first n steps. */
  readonly preempt?: number;
  /** Which declared bugs the bound holds, and what it leaves out. */
  readonly why: string;
}

/**
 * A fuzz phase of its own for a policy (`Policy.phases`): world settings to search under, after the
 * main search.
 * @category Programs and policies
 */
export interface FuzzPhase {
  /** What the phase is, as reports name it ("IOVA space of 8 pages"). */
  readonly name: string;
  /** The world settings it changes, over the campaign's. */
  readonly config: Partial<WorldConfig>;
}

/**
 * A driver policy: the code under test. It models a driver's lifetime code (get_pages, put_pages,
 * bind, unbind, the shrinker, ...) as programs of atomic steps over the kernel primitives.
 * @category Programs and policies
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
  /**
   * Codes of `expects` that show only on some machines, each with the platforms (by name) it shows
   * on: elsewhere the policy must not break it (B02's stale PTE is an IOMMU fault only behind an
   * IOMMU; a proxy for the platform lies only on some). A code not listed may show on any platform.
   */
  readonly onlyOn?: Readonly<Record<string, readonly string[]>>;
  /** The name of its fixed (or buggy) counterpart, where history gives one. */
  readonly twin?: string;
  /** What the policy is a model of: a merged commit, a posted patch, a design, a constructed mutant. */
  readonly provenance?: Provenance;
  /** How the policy departs from the code it models (each a short sentence); empty when it does not. */
  readonly simplifications?: readonly string[];
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
  /**
   * World settings the policy is checked under (merged over the default), e.g. a small IOVA space;
   * `config.platform` is the machine it is checked on by default (a user's own, as data).
   */
  readonly config?: Partial<WorldConfig>;
  /**
   * Further fuzz phases under other world settings, each searched after the main one with the codes
   * found so far masked: where a declared symptom needs a small resource (a leak starving an 8-page
   * IOVA space), the catalogue says so here, and a fixed twin declares the same phases to show it
   * stays clean under them.
   */
  readonly phases?: readonly FuzzPhase[];
  /**
   * The machines its driver runs on (`--platform all` checks it on each; i915: x86 only). Absent:
   * only the machine its `config` names. Presets are in model/platform/presets.ts (`PLATFORMS`).
   */
  readonly platforms?: readonly Platform[];
  /**
   * The bound `dmacheck verify` checks this policy within when no flag says otherwise, where the
   * global one (4 ops over 2 objects, 2 address spaces, every context) does not hold its declared
   * bugs: a dma-buf sharing bug needs 6 to 8 ops. A buggy policy and its twin declare the same
   * bound, so the fix is verified where the bug shows. Each field overrides one default.
   */
  readonly verify?: VerifyBound;
  /**
   * How the driver names its operations and ioctls in reports (vmwgfx's `synccpu grab`, nouveau's
   * `CPU_PREP` and `pushbuf`): absent, the built-in (i915's) words. See `DriverWords`.
   */
  readonly words?: DriverWords;
  /** Generator weights over the default mix: which operations this driver's bugs live among. */
  readonly weights?: Partial<Record<OpKind, number>>;
  /**
   * Operations of the driver's own beyond the built-in kinds (a display pin, `set_domain`,
   * `pread`): each starts the policy's program of its name (or its `program`). See `PolicyOp`.
   */
  readonly ops?: readonly PolicyOp[];
  /**
   * Programs by name: one for each required op, optional ones for the other ops (`mn_invalidate`,
   * the MMU-notifier callback, and `mn_invalidate_end`, its invalidate_range_end; `worker`; `madvise`; `fault`), and any helpers the policy calls.
   */
  readonly programs: Readonly<Record<RequiredProgram, Program>> & Readonly<Record<string, Program | undefined>>;
}

/**
 * The words a driver uses for the built-in operations, which reports print instead of the defaults
 * (i915's `execbuf ... through ggtt`, nouveau's `CPU_PREP`): per op kind, a phrase with `{obj}`,
 * `{vm}`, `{dev}`, `{arg}` placeholders (as `PolicyOp.phrase`), or a function of the op. Data only:
 * the reports render it; nothing in a run reads it.
 * @category Programs and policies
 */
export interface DriverWords {
  /** Phrases by op kind, for the kinds the driver names its own way. */
  readonly ops?: Readonly<Partial<Record<OpKind, string | ((op: Op) => string)>>>;
}

/**
 * Kinds of provenance, in the order `dmacheck list` explains them:
 * - `commit`: merged upstream; `id` is the commit's hash (12 hex digits or more) and `title` its
 *   subject. A buggy policy names the commit that fixed it (`fixedBy`), a fixed one the commit it is.
 * - `patch`: posted to a list and never merged in this form (`messageId`).
 * - `rejected`: a revision a reviewer turned down (`messageId` of the revision, `review` of the reply).
 * - `design`: a design argued on a list, never one driver's commit (`thread`: Message-ID or archive URL).
 * - `documented`: a use the kernel's documentation calls correct (`doc`: path and section).
 * - `constructed`: a deliberate mutant of a real rule (`rule`, and `where` the kernel states it).
 * @category Programs and policies
 */
export const PROVENANCE_KINDS = ['commit', 'patch', 'rejected', 'design', 'documented', 'constructed'] as const;
/** One of `PROVENANCE_KINDS`. @category Programs and policies */
export type ProvenanceKind = (typeof PROVENANCE_KINDS)[number];

/**
 * What a policy is a model of, by kind (see `PROVENANCE_KINDS`): the commit, patch, thread, document
 * or rule it cites. `dmacheck list` and the reports print it; a test checks every built-in policy has one.
 * @category Programs and policies
 */
export type Provenance =
  | {
      readonly kind: 'commit';
      /** The commit's hash: 12 to 40 lowercase hex digits. */
      readonly id: string;
      /** The commit's subject line. */
      readonly title: string;
      /** For a buggy policy: the commit that fixed the bug (its id), when it is not `id` itself. */
      readonly fixedBy?: string;
      /** The commits this one's `Fixes:` tags name, when the policy models them. */
      readonly fixes?: readonly string[];
      /** True when the policy models the code *before* `id` (the bug `id` fixed). */
      readonly before?: boolean;
    }
  | { readonly kind: 'patch'; readonly messageId: string; readonly title: string }
  | { readonly kind: 'rejected'; readonly messageId: string; readonly title: string; readonly review: string }
  | { readonly kind: 'design'; readonly thread: string; readonly title: string }
  | { readonly kind: 'documented'; readonly doc: string; readonly section: string }
  | { readonly kind: 'constructed'; readonly rule: string; readonly where: string };
