import {
  type ContextId,
  CTX,
  DEFAULT_CONFIG,
  IMPORTERS,
  OP_KINDS,
  OP_SPECS,
  type Op,
  type OpDomain,
  type OpKind,
  type OpSpec,
  type OpSpecs,
  opTablesOf,
  type Policy,
  type World,
} from '../model/index.ts';
import { DEFAULT_WEIGHTS, type GenOptions } from './ops.ts';

/**
 * The actions of a state, enumerated rather than drawn: the same kinds and field domains as the
 * fuzzer's arbitraries (`OP_DOMAINS`, the weights `optionsFor` fits to a policy, the setup's
 * creates and shares), so that the exhaustive search explores exactly the ops fuzzing can run.
 * Every template has `run` 0; the search chooses where to preempt.
 */

const USER: readonly ContextId[] = [CTX.U0 as ContextId, CTX.U1 as ContextId];

/** The kinds a fitted option set (`optionsFor`) can put in a sequence: drawn ones and the setup's. */
export function actionKinds(opts: GenOptions): string[] {
  const weights = { ...DEFAULT_WEIGHTS, ...opts.weights };
  if (opts.preempt === false) weights.resume = 0;
  const setup = new Set<OpKind>(['create']);
  if (opts.share === true) for (const k of ['export', 'attach', 'map_attachment'] as const) setup.add(k);
  const own = (opts.policyOps ?? []).filter((p) => p.weight > 0).map((p) => p.kind);
  return [...OP_KINDS.filter((k) => (weights[k] ?? 0) > 0 || setup.has(k)), ...own];
}

/**
 * Every op (but `resume`) the generators could produce for a fitted option set, each field over its
 * whole domain, restricted to the contexts in `contexts`.
 */
export function opTemplates(policy: Policy, opts: GenOptions, contexts: readonly ContextId[]): Op[] {
  const config = opts.config ?? DEFAULT_CONFIG;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const { specs, domains } = opTablesOf(policy);
  const out: Op[] = [];
  for (const kind of actionKinds(opts)) {
    if (kind === 'resume') continue;
    const needs = specs[kind]?.needs;
    if (needs !== undefined && policy.programs[needs] === undefined) continue;
    const dom = domains[kind] as OpDomain;
    const ctxs = dom.ctx === 'user' ? USER : dom.ctx === 'busy' ? [] : [CTX[dom.ctx] as ContextId];
    const objs = dom.obj ? range(config.maxObjects) : [0];
    const vms = dom.vm === 'vm' ? range(config.vms) : dom.vm === 'dev' ? IMPORTERS : [0];
    const args =
      dom.arg === 'backing'
        ? (opts.backings ?? [0])
        : dom.arg === 'inject'
          ? opts.inject === true
            ? [0, 1]
            : [0]
          : dom.arg === 'bit'
            ? [0, 1]
            : dom.arg === 'three'
              ? [0, 1, 2]
              : [0];
    for (const ctx of ctxs) {
      if (!contexts.includes(ctx)) continue;
      for (const obj of objs)
        for (const vm of vms) for (const arg of args) out.push({ kind, ctx, obj, vm, arg, run: 0 });
    }
  }
  return out;
}

/**
 * The ops enabled in `w`: each template whose context is idle and whose precondition holds, then a
 * `resume` of every context with an op in flight (when the option set preempts).
 */
export function enabledOps(
  w: World,
  templates: readonly Op[],
  opts: GenOptions,
  contexts: readonly ContextId[],
  specs: OpSpecs = OP_SPECS,
): Op[] {
  const out: Op[] = [];
  for (const op of templates) {
    if ((w.contexts[op.ctx]?.stack.length ?? 1) > 0) continue;
    if ((specs[op.kind] as OpSpec).ready(w, op)) out.push(op);
  }
  if (opts.preempt !== false) {
    for (const c of w.contexts) {
      if (c.stack.length > 0 && contexts.includes(c.id)) {
        out.push({ kind: 'resume', ctx: c.id, obj: 0, vm: 0, arg: 0, run: 0 });
      }
    }
  }
  return out;
}
