import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { oneLine, parseTrace, type Trace } from '../fuzz/index.ts';
import { UsageError } from './io.ts';

/**
 * What `dmacheck merge` reads: the `--json` output of `fuzz --shard` or `verify --shard`. Only the
 * fields the merge needs are checked; the others pass through (fields are added, never renamed).
 */
const count = z.number().int().min(0);
const violation = z.looseObject({ code: z.string(), trace: z.unknown() });
const fuzzEntry = z.looseObject({
  policy: z.string(),
  platform: z.string().optional(),
  seed: z.number().int(),
  runs: count,
  violations: z.array(violation),
  coverage: z.looseObject({
    runs: count,
    steps: count,
    skipped: count,
    ops: z.record(z.string(), count),
    contexts: z.record(z.string(), count),
    guards: z.record(z.string(), z.looseObject({ count, describe: z.string() })),
  }),
  interrupted: z.boolean(),
});
const verifyEntry = z.looseObject({
  policy: z.string(),
  verdict: z.enum(['verified', 'violation', 'incomplete']),
  bounds: z.looseObject({}),
  states: count,
  transitions: count,
  depthReached: count,
  stopped: z.enum(['max-states', 'time', 'interrupted']).nullable(),
  violations: z.array(violation.extend({ ops: count, steps: count })),
});
const shardSchema = z.looseObject({
  command: z.enum(['fuzz', 'verify']),
  index: z.number().int().min(1),
  count: z.number().int().min(1),
  unit: z.enum(['policies', 'platforms', 'chunks', 'frontier']),
  units: z.array(z.string()).optional(),
  campaign: z.looseObject({ target: z.string() }),
});
const fileSchema = z.looseObject({
  shard: shardSchema,
  results: z.array(z.looseObject({})).optional(),
  notRun: z.array(z.string()).optional(),
});

/** One violation of a shard's result, with its trace validated. */
export interface ShardViolation {
  readonly code: string;
  /** The violation's JSON as the shard printed it. */
  readonly json: Record<string, unknown>;
  readonly trace: Trace;
  /** Ops, then steps (verify) for choosing the shortest. */
  readonly ops: number;
  readonly steps: number;
  /** The shard that found it. */
  readonly shard: number;
}

/** One policy's (on one platform) result in one shard. */
export type ShardEntry =
  | { readonly command: 'fuzz'; readonly json: z.infer<typeof fuzzEntry>; readonly violations: ShardViolation[] }
  | { readonly command: 'verify'; readonly json: z.infer<typeof verifyEntry>; readonly violations: ShardViolation[] };

/** A shard's result file, read and checked. */
export interface ShardFile {
  readonly file: string;
  readonly shard: z.infer<typeof shardSchema>;
  /** `--all` (or several platforms): `results`; else the one result. */
  readonly many: boolean;
  readonly entries: ShardEntry[];
  readonly notRun: readonly string[];
}

/** Reads a shard's `--json` output; anything else is bad input (one line, exit 2). */
export function readShardFile(file: string): ShardFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not JSON: ${oneLine((e as Error).message, 200)}`);
  }
  const head = fileSchema.safeParse(data);
  if (!head.success)
    throw new UsageError(`${file}: not the --json output of fuzz or verify --shard: ${issue(head.error)}`);
  const shard = head.data.shard;
  if (shard.index > shard.count) throw new UsageError(`${file}: shard ${shard.index}/${shard.count} is out of range`);
  const many = head.data.results !== undefined;
  const raw: unknown[] = head.data.results ?? [data];
  const entries = raw.map((r, k) => entry(file, shard.command, shard.index, r, many ? `results[${k}]` : ''));
  return { file, shard, many, entries, notRun: head.data.notRun ?? [] };
}

function entry(file: string, command: 'fuzz' | 'verify', index: number, r: unknown, where: string): ShardEntry {
  const at = where === '' ? file : `${file}: ${where}`;
  const parsed = command === 'fuzz' ? fuzzEntry.safeParse(r) : verifyEntry.safeParse(r);
  if (!parsed.success) throw new UsageError(`${at}: ${issue(parsed.error)}`);
  const violations = (parsed.data.violations as { code: string; trace: unknown; ops?: number; steps?: number }[]).map(
    (v) => {
      const t = parseTrace(JSON.stringify(v.trace ?? null));
      if (!t.ok) throw new UsageError(`${at}: the ${v.code} violation has no valid trace: ${t.error}`);
      if (t.trace.expect.code !== v.code)
        throw new UsageError(`${at}: the ${v.code} violation's trace expects ${t.trace.expect.code}`);
      return {
        code: v.code,
        json: v as Record<string, unknown>,
        trace: t.trace,
        ops: v.ops ?? t.trace.ops.length,
        steps: v.steps ?? 0,
        shard: index,
      };
    },
  );
  return command === 'fuzz'
    ? { command, json: parsed.data as z.infer<typeof fuzzEntry>, violations }
    : { command, json: parsed.data as z.infer<typeof verifyEntry>, violations };
}

function issue(e: z.ZodError): string {
  const i = e.issues[0];
  if (i === undefined) return 'invalid';
  return `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`;
}
