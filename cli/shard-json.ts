import { type Shard, TRACE_FORMAT, TRACE_VERSION, type Trace, traceOfFound, traceOp } from '../fuzz/index.ts';
import { opSpecsOf, type Policy } from '../model/index.ts';
import type { InvariantCode } from '../properties/index.ts';
import { fuzzJson, verifyJson } from '../reports/index.ts';
import type { Proven, Split, VerifyResult } from '../verify/index.ts';
import type { Fuzzed } from './fuzz-files.ts';

/** What a shard took of the work: policies (`--all`), platforms, chunks of runs, or a search's frontier. */
export type ShardUnit = 'policies' | 'platforms' | 'chunks' | 'frontier';

/**
 * `fuzz --shard --json`: `fuzz --json` with each violation's trace added (`trace`, the trace file's
 * content), so that `dmacheck merge` can write the reports without the shard's files.
 */
export function fuzzShardJson(x: Fuzzed) {
  const j = fuzzJson(x.result, opSpecsOf(x.policy));
  const traces = x.result.found.map((f) => traceOfFound(f, x.campaign));
  return { ...j, violations: j.violations.map((v, i) => ({ ...v, trace: traces[i] })) };
}

/** `verify --shard --json`: `verify --json` with each violation's trace added, as `fuzzShardJson`. */
export function verifyShardJson(r: VerifyResult, policy: Policy) {
  const j = verifyJson(r, opSpecsOf(policy));
  const traces = r.found.map((f) => traceOfProven(f, r));
  return { ...j, violations: j.violations.map((v, i) => ({ ...v, trace: traces[i] })) };
}

/** The closing line of a shard's text output: which part it ran, and what to do with it. */
export function shardText(
  shard: Shard,
  unit: ShardUnit | null,
  units: readonly string[] | undefined,
  splits: readonly Split[] = [],
): string {
  const what =
    unit === 'policies' || unit === 'platforms'
      ? `${unit} ${units?.join(' ') || '(none)'}`
      : unit === 'chunks'
        ? 'every chunk of 1000 runs whose number is this shard modulo the count'
        : splits.length === 0
          ? 'the whole search (no level was worth splitting)'
          : `frontier states ${splits.map((s) => `${s.kept} of ${s.frontier} at depth ${s.depth}`).join(', ')}`;
  return (
    `shard ${shard.index}/${shard.count}: ${what}; this is a part, not a verdict: ` +
    `run dmacheck merge on every shard's --json output\n`
  );
}

/** The trace of a shortest counterexample: the same format `replay` and `npm test` read. */
export function traceOfProven(f: Proven, r: VerifyResult): Trace {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    policy: r.policy,
    expect: { code: f.violation.code as InvariantCode },
    mask: f.mask as InvariantCode[],
    config: r.config,
    ops: f.ops.map(traceOp),
  };
}
