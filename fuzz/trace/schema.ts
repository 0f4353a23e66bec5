import { z } from 'zod';
import { CONTEXTS, type ContextName, DEFAULT_CONFIG, OP_KINDS, OP_SPECS, type WorldConfig } from '../../model/index.ts';
import { INVARIANT_CODES } from '../../properties/index.ts';

/**
 * The trace file format (documented in regressions/README.md). A trace is data only: it names a
 * policy and an invariant, and holds the explicit op sequence (context names, kind strings), so a
 * replay does not depend on the generators. Every vocabulary is read from the registries, so a new
 * op kind, context or invariant is accepted as soon as it exists.
 */
export const TRACE_FORMAT = 'dmacheck-trace';
export const TRACE_VERSION = 1;

/** Bounds that keep a hostile file from costing memory or time; a real counterexample is far inside them. */
export const TRACE_LIMITS = {
  /** File size, checked before reading it whole. */
  bytes: 1 << 20,
  /** Nesting of arrays and objects, checked before `JSON.parse`. */
  depth: 16,
  /** Ops in a trace (`fuzz --max-ops` allows at most 1000). */
  ops: 1000,
  /** Numeric config fields (`iovaPages` sizes an array). */
  config: 1 << 16,
  /** An op's `arg`. */
  arg: 1 << 16,
  /** An op's `run` (steps before preemption). */
  run: 1000,
  /** Characters of the free-text `note`. */
  note: 500,
} as const;

/** An integer within bounds, with one message that says both (zod's own reports one bound at a time). */
const intIn = (min: number, max: number) =>
  z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, `expected an integer from ${min} to ${max}`);
const int32 = intIn(-(2 ** 31), 2 ** 31 - 1);
const count = (max: number) => intIn(0, max);

/** The string-valued config fields and the values each may take; tsc asks for one entry per such field. */
type StringField = { [K in keyof WorldConfig]: WorldConfig[K] extends string ? K : never }[keyof WorldConfig];
const CONFIG_CHOICES: { readonly [K in StringField]: readonly [WorldConfig[K], ...WorldConfig[K][]] } = {
  debugMode: ['disable-when-full', 'grow'],
};
// Fails to compile when a value is added to a string field's union but not to CONFIG_CHOICES.
type Unlisted = { [K in StringField]: Exclude<WorldConfig[K], (typeof CONFIG_CHOICES)[K][number]> }[StringField];
const _allListed: [Unlisted] extends [never] ? true : false = true;
void _allListed;

/** The world config: every field of `DEFAULT_CONFIG`, each optional (missing ones take the default). */
const configSchema = z
  .strictObject(
    Object.fromEntries(
      Object.entries(DEFAULT_CONFIG).map(([k, v]) => [
        k,
        typeof v === 'number' ? intIn(1, TRACE_LIMITS.config) : z.enum(CONFIG_CHOICES[k as StringField]),
      ]),
    ),
  )
  .partial()
  .transform((c) => ({ ...DEFAULT_CONFIG, ...c }) as WorldConfig);

const opSchema = z
  .strictObject({
    kind: z.enum(OP_KINDS, { error: (i) => `unknown op kind ${JSON.stringify(i.input)}` }),
    ctx: z.enum(CONTEXTS, { error: (i) => `unknown context ${JSON.stringify(i.input)}` }),
    obj: count(TRACE_LIMITS.config),
    vm: count(TRACE_LIMITS.config),
    arg: count(TRACE_LIMITS.arg),
    run: count(TRACE_LIMITS.run),
  })
  .superRefine((op, ctx) => {
    const allowed: readonly ContextName[] = OP_SPECS[op.kind].contexts;
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

export const traceSchema = z
  .strictObject({
    format: z.literal(TRACE_FORMAT),
    version: z.literal(TRACE_VERSION),
    /** A built-in policy's name, or the name of the policy a `--policy-file` held. */
    policy: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a policy name is letters, digits, ".", "_" and "-"')
      .max(100),
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

export type Trace = z.output<typeof traceSchema>;
export type TraceOp = Trace['ops'][number];
export type TraceOrigin = NonNullable<Trace['origin']>;
