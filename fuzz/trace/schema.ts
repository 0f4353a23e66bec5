import { z } from 'zod';
import { CONTEXTS, type ContextName, OP_KINDS, OP_SPECS, type OpKind, PROVENANCE_KINDS } from '../../model/index.ts';
import { INVARIANT_CODES } from '../../properties/index.ts';
import { configSchema, intIn } from './config-schema.ts';

/**
 * The trace file format (documented in regressions/README.md). A trace is data only: it names a
 * policy and an invariant, and holds the explicit op sequence (context names, kind strings), so a
 * replay does not depend on the generators. Every vocabulary is read from the registries, so a new
 * op kind, context or invariant is accepted as soon as it exists.
 * @category Fuzzing and traces
 */
export const TRACE_FORMAT = 'dmacheck-trace';
/** The trace format's version; `readTrace` refuses another. @category Fuzzing and traces */
export const TRACE_VERSION = 1;

/**
 * Bounds that keep a hostile file from costing memory or time; a real counterexample is far inside them.
 * @category Fuzzing and traces
 */
export const TRACE_LIMITS = {
  /** File size, checked before reading it whole. */
  bytes: 1 << 20,
  /** Nesting of arrays and objects, checked before `JSON.parse`. */
  depth: 16,
  /** Ops in a trace (`fuzz --max-ops` allows at most 1000). */
  ops: 1000,
  /** An op's `obj` and `vm` (then checked against the config). */
  ids: 1 << 16,
  /** An op's `arg`. */
  arg: 1 << 16,
  /** An op's `run` (steps before preemption). */
  run: 1000,
  /** Characters of the free-text `note`. */
  note: 500,
} as const;

const int32 = intIn(-(2 ** 31), 2 ** 31 - 1);
const count = (max: number) => intIn(0, max);

const opSchema = z
  .strictObject({
    /**
     * A built-in kind (`OP_KINDS`) or one the trace's policy declares (`Policy.ops`): the schema
     * checks the spelling, the replay checks it against the policy it runs on (`checkOpKinds`).
     */
    kind: z
      .string({ error: (i) => `unknown op kind ${JSON.stringify(i.input)}` })
      .regex(/^[a-z][a-z0-9_]{0,39}$/, { error: (i) => `unknown op kind ${JSON.stringify(i.input)}` }),
    ctx: z.enum(CONTEXTS, { error: (i) => `unknown context ${JSON.stringify(i.input)}` }),
    obj: count(TRACE_LIMITS.ids),
    vm: count(TRACE_LIMITS.ids),
    arg: count(TRACE_LIMITS.arg),
    run: count(TRACE_LIMITS.run),
  })
  .superRefine((op, ctx) => {
    // A policy's own kind is checked against its declaration on replay (`checkOpKinds`).
    if (!(OP_KINDS as readonly string[]).includes(op.kind)) return;
    const allowed: readonly ContextName[] = OP_SPECS[op.kind as OpKind].contexts;
    if (!allowed.includes(op.ctx)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ctx'],
        message: `impossible step: op "${op.kind}" cannot run in context ${op.ctx} (only in ${allowed.join(', ')})`,
      });
    }
  });

const originSchema = z.strictObject({
  /** `fuzz --seed`. */
  campaignSeed: int32,
  /** fast-check's seed and path of the failing run, under `mask` (valid while the generators stay the same). */
  fastCheck: z.strictObject({
    seed: int32,
    path: z
      .string()
      .regex(/^\d+(:\d+)*$|^$/)
      .max(4000),
  }),
  /** `fuzz --max-ops`. */
  maxOps: count(TRACE_LIMITS.ops),
  /** Runs of its search phase until the first failure. */
  runsToFind: count(2 ** 31),
  /** Executed ops of the first failing sequence, before shrinking. */
  shrunkFrom: count(2 ** 31),
  shrinks: count(2 ** 31),
});

/** The zod schema a trace file must satisfy (`readTrace`, `parseTrace`). @category Fuzzing and traces */
export const traceSchema = z
  .strictObject({
    format: z.literal(TRACE_FORMAT),
    version: z.literal(TRACE_VERSION),
    /** A built-in policy's name, or the name of the policy a `--policy-file` held. */
    policy: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a policy name is letters, digits, ".", "_" and "-"')
      .max(100),
    /**
     * The policy's provenance when the trace was rendered (`report --format json`, `fuzz --out`): its
     * kind and one line citing it. For the reader only: replay never reads it.
     */
    provenance: z
      .strictObject({ kind: z.enum(PROVENANCE_KINDS), citation: z.string().max(TRACE_LIMITS.note) })
      .optional(),
    /** What a replay on `policy` must report. */
    expect: z.strictObject({
      code: z.enum(INVARIANT_CODES, { error: (i) => `unknown invariant ${JSON.stringify(i.input)}` }),
    }),
    /** Invariants not checked in the replay (those found before this one in its campaign). */
    mask: z.array(z.enum(INVARIANT_CODES)).max(INVARIANT_CODES.length).default([]),
    /** Free text for the reader (what the trace shows); rendered, never interpreted. */
    note: z.string().max(TRACE_LIMITS.note).optional(),
    origin: originSchema.optional(),
    config: configSchema,
    ops: z.array(opSchema).min(1).max(TRACE_LIMITS.ops),
  })
  .superRefine((t, ctx) => {
    t.ops.forEach((op, i) => {
      if (op.obj >= t.config.maxObjects) {
        ctx.addIssue({
          code: 'custom',
          path: ['ops', i, 'obj'],
          message: `no obj#${op.obj}: config.maxObjects is ${t.config.maxObjects}`,
        });
      }
      if (op.vm >= t.config.vms) {
        ctx.addIssue({
          code: 'custom',
          path: ['ops', i, 'vm'],
          message: `no address space ${op.vm}: config.vms is ${t.config.vms}`,
        });
      }
    });
  });

/**
 * A saved counterexample, as `traceSchema` validates it: the policy, the expected violation, the
 * campaign settings and the explicit ops. `dmacheck replay` and `report` read it; regressions/ holds them.
 * @category Fuzzing and traces
 */
export type Trace = z.output<typeof traceSchema>;
/** One op of a trace. @category Fuzzing and traces */
export type TraceOp = Trace['ops'][number];
/** Where a trace came from (the campaign that found it), when recorded. @category Fuzzing and traces */
export type TraceOrigin = NonNullable<Trace['origin']>;
