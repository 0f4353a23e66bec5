import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configProblem, platformIssue } from '../fuzz/index.ts';
import {
  CONTEXTS,
  isPlatformName,
  OP_KINDS,
  opTablesOf,
  PLATFORM_NAMES,
  type Policy,
  REQUIRED_PROGRAMS,
} from '../model/index.ts';
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
  return onlyOnProblem(p) ?? wordsProblem(p) ?? verifyBoundProblem(p) ?? opsProblem(p);
}

/** `onlyOn`: codes it expects, each on known machines (a preset or one of its own `platforms`). */
function onlyOnProblem(p: Partial<Policy>): string | null {
  if (p.onlyOn === undefined) return null;
  if (typeof p.onlyOn !== 'object' || p.onlyOn === null) return 'onlyOn: an object of code: [platform names]';
  const own = (p.platforms ?? []).map((x) => x.name);
  for (const [code, where] of Object.entries(p.onlyOn)) {
    if (!(p.expects ?? []).includes(code)) return `onlyOn names ${code}, which the policy does not expect`;
    if (!Array.isArray(where) || where.length === 0) return `onlyOn.${code}: a non-empty list of platform names`;
    for (const name of where as unknown[]) {
      if (typeof name !== 'string' || !(isPlatformName(name) || own.includes(name))) {
        return `onlyOn.${code}: unknown platform ${JSON.stringify(name)} (known: ${[...PLATFORM_NAMES, ...own].join(', ')})`;
      }
    }
  }
  return null;
}

/** `words.ops`: a phrase (or a function of the op) for kinds the driver names its own way. */
function wordsProblem(p: Partial<Policy>): string | null {
  if (p.words === undefined) return null;
  const ops = (p.words as { ops?: unknown }).ops;
  if (ops === undefined) return null;
  if (typeof ops !== 'object' || ops === null) return 'words.ops: an object of op kind: phrase';
  const own = (p.ops ?? []).map((o) => o.kind as string);
  for (const [kind, w] of Object.entries(ops)) {
    if (!(OP_KINDS as readonly string[]).includes(kind) && !own.includes(kind))
      return `words.ops: unknown op kind ${kind}`;
    if (typeof w !== 'string' && typeof w !== 'function') return `words.ops.${kind}: a string or a function of the op`;
  }
  return null;
}

/** `verify`: a bound within the command line's own limits, over known contexts. */
function verifyBoundProblem(p: Partial<Policy>): string | null {
  const b = p.verify;
  if (b === undefined) return null;
  if (typeof b !== 'object' || b === null) return 'verify: a bound ({ depth, objects, vms, contexts, preempt, why })';
  const limits = { depth: [1, 64], objects: [1, 16], vms: [1, 16], preempt: [0, 1000] } as const;
  for (const [k, [lo, hi]] of Object.entries(limits)) {
    const v = (b as unknown as Record<string, unknown>)[k];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi)) {
      return `verify.${k}: an integer from ${lo} to ${hi}`;
    }
  }
  for (const c of (b.contexts ?? []) as unknown[]) {
    if (!(CONTEXTS as readonly unknown[]).includes(c))
      return `verify.contexts: unknown context ${JSON.stringify(c)} (known: ${CONTEXTS.join(', ')})`;
  }
  return null;
}

function opsProblem(p: Partial<Policy>): string | null {
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
