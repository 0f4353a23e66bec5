import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configProblem, platformIssue } from '../fuzz/index.ts';
import { opTablesOf, type Policy, REQUIRED_PROGRAMS } from '../model/index.ts';
import { POLICY_NAMES, policies, resolvePolicyName } from '../policies/index.ts';
import { INVARIANT_CODES, isInvariantCode } from '../properties/index.ts';
import { UsageError } from './io.ts';

/** A built-in policy by name; an old name of a renamed policy (RENAMED) gives the policy it became. */
export function builtinPolicy(name: string): Policy {
  const resolved = resolvePolicyName(name);
  if (resolved === undefined) {
    throw new UsageError(`unknown policy "${name}" (known: ${knownNames(800)})`);
  }
  return policies[resolved];
}

/** The built-in names, as many as fit in `max` characters (the error stays one readable line). */
function knownNames(max: number): string {
  const shown: string[] = [];
  let len = 0;
  for (const n of POLICY_NAMES) {
    if (len + n.length + 2 > max) break;
    shown.push(n);
    len += n.length + 2;
  }
  const rest = POLICY_NAMES.length - shown.length;
  return rest === 0 ? shown.join(', ') : `${shown.join(', ')}, and ${rest} more: dmacheck list`;
}

/** Loads a user's policy: a TypeScript or JavaScript module whose default (or `policy`) export is one. */
export async function policyFromFile(path: string): Promise<Policy> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`policy file not found: ${path}`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    const first = String(e instanceof Error ? e.message : e).split('\n')[0];
    throw new UsageError(`cannot load policy file ${path}: ${first}`);
  }
  const p = (mod.default ?? mod.policy) as Partial<Policy> | undefined;
  const problem = policyProblem(p);
  if (problem !== null) throw new UsageError(`${path} does not export a policy: ${problem}`);
  return p as Policy;
}

function policyProblem(p: Partial<Policy> | undefined): string | null {
  if (typeof p !== 'object' || p === null) return 'no default or `policy` export';
  if (typeof p.name !== 'string' || p.name === '') return 'no name';
  if (typeof p.getPages !== 'function' || typeof p.putPages !== 'function') return 'getPages/putPages missing';
  if (typeof p.programs !== 'object' || p.programs === null) return 'no programs';
  const missing = REQUIRED_PROGRAMS.filter((k) => p.programs?.[k] === undefined);
  if (missing.length > 0) return `no program for ${missing.join(', ')}`;
  if (!Array.isArray(p.expects)) return 'no expects list';
  // A typo in expects would otherwise make `fuzz` demand a code no invariant can report.
  const unknown = (p.expects as unknown[]).filter((c) => typeof c !== 'string' || !isInvariantCode(c));
  if (unknown.length > 0) {
    return `expects names unknown invariant code(s) ${unknown.map((c) => JSON.stringify(c)).join(', ')} (known: ${INVARIANT_CODES.join(', ')})`;
  }
  if (p.platforms !== undefined) {
    if (!Array.isArray(p.platforms) || p.platforms.length === 0) return 'platforms: a non-empty list of platforms';
    for (const [i, x] of (p.platforms as unknown[]).entries()) {
      const issue = platformIssue(x);
      if (issue !== null) return `platforms.${i}: ${issue}`;
    }
  }
  if (p.config !== undefined) {
    const bad = configProblem(p.config);
    if (bad !== null) return bad;
  }
  if (p.ops !== undefined) {
    if (!Array.isArray(p.ops)) return 'ops is not a list';
    // Its own ops: names, contexts, domains and programs (opTablesOf says which is wrong, in one line).
    try {
      opTablesOf(p as Policy);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  return null;
}
