import type { Policy } from '../../model/index.ts';
import { fixedTwin } from '../../policies/index.ts';
import { replayTrace } from './replay.ts';
import type { Trace } from './schema.ts';

/** What a regression trace did, on its own policy and on the fix. @category Fuzzing and traces */
export interface RegressionVerdict {
  /** The trace behaves as declared: it fails its policy with its code and passes the fix. */
  readonly ok: boolean;
  /** Code reported on the trace's policy (under its mask), or null when clean. */
  readonly found: string | null;
  /** The fixed twin and the code it reported (all invariants on), or null when it has none. */
  readonly fix: { readonly policy: string; readonly found: string | null } | null;
  /** One line per way the trace misbehaved. */
  readonly problems: readonly string[];
}

/**
 * Replays a regression trace: on its policy it must still violate its invariant, ops running as
 * recorded; on `fixedTwin(policy)` it must run clean with every invariant checked.
 * @category Fuzzing and traces
 */
export function checkRegression(t: Trace, policy: Policy): RegressionVerdict {
  const problems: string[] = [];
  const own = replayTrace(t, policy);
  const found = own.rec.result.violation?.code ?? null;
  if (own.divergence !== null) problems.push(`on ${policy.name}: ${own.divergence}`);
  if (found !== t.expect.code) {
    problems.push(`on ${policy.name}: expected ${t.expect.code}, got ${found ?? 'a clean run'}`);
  }
  const twin = fixedTwin(policy);
  let fix: RegressionVerdict['fix'] = null;
  if (twin !== undefined) {
    const v = replayTrace(t, twin, { unmasked: true }).rec.result.violation;
    fix = { policy: twin.name, found: v?.code ?? null };
    if (v !== null) problems.push(`on its fix ${twin.name}: ${v.code}: ${v.message}`);
  }
  return { ok: problems.length === 0, found, fix, problems };
}
