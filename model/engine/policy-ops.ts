import { CONTEXTS, type ContextName, OP_KINDS, type Op, type OpDomain, type Policy, vmName } from '../core/index.ts';
import { OP_DOMAINS } from './op-domains.ts';
import { OP_SPECS, type OpSpecs } from './ops.ts';

/**
 * A policy's own operations (`Policy.ops`), resolved once per policy into tables extending the
 * built-in ones: the engine, the generators, the search, the reports and the trace loader look an
 * op's kind up there, so a policy op runs through the same monomorphic step loop as a built-in one.
 * A policy without ops gets the built-in tables themselves.
 */
export interface OpTables {
  /** Every kind's spec: `OP_SPECS` and the policy's ops. */
  readonly specs: OpSpecs;
  /** Every kind's field domains: `OP_DOMAINS` and the policy's ops'. */
  readonly domains: Readonly<Record<string, OpDomain>>;
  /** The policy's own kinds, in declaration order (empty for most policies). */
  readonly own: readonly string[];
}

const BUILTIN: OpTables = { specs: OP_SPECS, domains: OP_DOMAINS, own: [] };
const cache = new WeakMap<Policy, OpTables>();
const NAME = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * The op tables of a policy, checked: a declared op whose name is not a valid kind string or shadows a
 * built-in kind, is declared twice, runs in no context, names a context its domain cannot draw, or
 * starts a program the policy lacks, is a policy error (thrown, one line).
 */
export function opTablesOf(policy: Policy): OpTables {
  const ops = policy.ops;
  const words = policy.words?.ops;
  if ((ops === undefined || ops.length === 0) && words === undefined) return BUILTIN;
  const hit = cache.get(policy);
  if (hit !== undefined) return hit;
  const specs: Record<string, OpSpecs[string]> = { ...OP_SPECS };
  // The driver's words for built-in kinds: the reports read `phrase` (policyOpPhrase).
  for (const [kind, phrase] of Object.entries(words ?? {})) {
    const base = (OP_SPECS as OpSpecs)[kind];
    if (base === undefined) throw new Error(`policy ${policy.name}: words.ops names "${kind}", no built-in op kind`);
    specs[kind] = { ...base, phrase } as OpSpecs[string];
  }
  const domains: Record<string, OpDomain> = { ...OP_DOMAINS };
  const own: string[] = [];
  const bad = (op: string, why: string) => new Error(`policy ${policy.name}: op "${op}" ${why}`);
  for (const op of ops ?? []) {
    if (!NAME.test(op.kind)) throw bad(op.kind, 'is not a kind name (a-z, 0-9 and _, at most 40)');
    if ((OP_KINDS as readonly string[]).includes(op.kind)) throw bad(op.kind, 'shadows a built-in op kind');
    if (own.includes(op.kind)) throw bad(op.kind, 'is declared twice');
    if (op.contexts.length === 0) throw bad(op.kind, 'runs in no context');
    const d = op.domain;
    if (d.ctx === 'busy') throw bad(op.kind, "cannot have domain.ctx 'busy' (only resume can)");
    const drawable: readonly ContextName[] = d.ctx === 'user' ? ['U0', 'U1'] : [d.ctx];
    for (const c of drawable) {
      if (!op.contexts.includes(c)) throw bad(op.kind, `is drawn in context ${c} (domain.ctx) but cannot run there`);
    }
    const prog = op.program ?? op.kind;
    if (policy.programs[prog] === undefined) throw bad(op.kind, `starts program ${prog}, which the policy lacks`);
    if (!(op.weight >= 0)) throw bad(op.kind, 'has a negative weight');
    specs[op.kind] = op;
    domains[op.kind] = d;
    own.push(op.kind);
  }
  const t: OpTables = { specs, domains, own };
  cache.set(policy, t);
  return t;
}

/** The spec table a run of `policy` looks its ops up in. */
export function opSpecsOf(policy: Policy): OpSpecs {
  return opTablesOf(policy).specs;
}

/** How a report phrases an op in the policy's words (its own op's `phrase`, or `words.ops`), or null for the default. */
export function policyOpPhrase(specs: OpSpecs, op: Op): string | null {
  const spec = specs[op.kind] as { phrase?: string | ((op: Op) => string) } | undefined;
  const p = spec?.phrase;
  if (p === undefined) return null;
  if (typeof p === 'function') return p(op);
  return p
    .replaceAll('{obj}', String(op.obj))
    .replaceAll('{vm}', vmName(op.vm))
    .replaceAll('{dev}', String(op.vm))
    .replaceAll('{arg}', String(op.arg));
}

/**
 * Checks an op sequence's kinds against a policy: null when every kind is built-in or declared by
 * it and runs in the context given, else one line naming the first op that is not.
 */
export function checkOpKinds(policy: Policy, ops: readonly Op[]): string | null {
  const specs = opSpecsOf(policy);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Op;
    const spec = specs[op.kind];
    if (spec === undefined) {
      return `op ${i + 1}: unknown op kind ${JSON.stringify(op.kind)} (neither built-in nor declared by policy ${policy.name})`;
    }
    const ctx = CONTEXTS[op.ctx];
    if (ctx === undefined || !spec.contexts.includes(ctx)) {
      return `op ${i + 1}: impossible step: op "${op.kind}" cannot run in context ${ctx ?? op.ctx} (only in ${spec.contexts.join(', ')})`;
    }
  }
  return null;
}
