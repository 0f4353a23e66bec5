import { oneLine, readTrace, type Trace, TraceKindError } from '../fuzz/index.ts';
import type { Policy } from '../model/index.ts';
import { resolvePolicyName } from '../policies/index.ts';
import { UsageError } from './io.ts';
import { builtinPolicy, policyFromFile } from './load-policy.ts';

/** `--policy` / `--policy-file` on replay and report: run the trace on another policy than its own. */
export interface PolicyOverride {
  readonly policy?: string | undefined;
  readonly policyFile?: string | undefined;
}

/** Loads and validates a trace file; a bad one is a usage error naming the file. */
export function loadTraceFile(path: string): Trace {
  const r = readTrace(path);
  if (!r.ok) throw new UsageError(`${path}: ${r.error}`);
  return r.trace;
}

/** The policy to replay a trace on: the override, else the built-in policy the trace names. */
export async function policyForTrace(path: string, t: Trace, o: PolicyOverride): Promise<Policy> {
  if (o.policy !== undefined && o.policyFile !== undefined) {
    throw new UsageError('give at most one of --policy NAME, --policy-file PATH');
  }
  if (o.policy !== undefined) return builtinPolicy(o.policy);
  if (o.policyFile !== undefined) return policyFromFile(o.policyFile);
  try {
    return builtinPolicy(t.policy);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    throw new UsageError(`${path}: ${e.message}; replay a trace of your own policy with --policy-file PATH`);
  }
}

/**
 * True when the trace runs on the policy it was recorded on (so its ops must run as recorded); a
 * trace naming a renamed policy by its old name runs on its own policy under the new one.
 */
export function isOwnPolicy(o: PolicyOverride, t: Trace, p: Policy): boolean {
  return (o.policy === undefined && o.policyFile === undefined) || p.name === (resolvePolicyName(t.policy) ?? t.policy);
}

/**
 * Runs a replay of a trace file. An exception there is a policy that cannot run the trace (a
 * user's policy file with a bug, say): one line and exit 2, like any other bad input.
 */
export function guarded<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof TraceKindError) throw new UsageError(`${file}: ${e.message}`);
    throw new UsageError(`${file}: replay failed: ${oneLine(e instanceof Error ? e.message : String(e))}`);
  }
}
