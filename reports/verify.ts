import { CONTEXTS, OP_SPECS, type OpSpecs } from '../model/index.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import type { Proven, VerifyResult } from '../verify/index.ts';
import { stepsJson } from './json.ts';
import { createdIds, opText } from './ops.ts';

/** What a verify run concluded: a proof within the bound, a violation, or a search cut short. @category Reports */
export type VerifyVerdict = 'verified' | 'violation' | 'incomplete';

/** The verdict of a verify run. @category Reports */
export function verifyVerdict(r: VerifyResult): VerifyVerdict {
  if (r.found.length > 0) return 'violation';
  return r.stopped === null ? 'verified' : 'incomplete';
}

/**
 * "up to 3 ops over 2 objects, 2 address spaces, contexts U0 U1 ..., preempted after up to 12 steps".
 * @category Reports
 */
export function boundsText(r: VerifyResult): string {
  const b = r.bounds;
  const ctxs = b.contexts.map((c) => CONTEXTS[c]).join(' ');
  return (
    `up to ${b.depth} ops over ${b.objects} object(s), ${b.vms} address space(s), ` +
    `contexts ${ctxs}, preempted after up to ${b.preempt} steps`
  );
}

const STOPS = { 'max-states': '--max-states', time: '--time', interrupted: 'Ctrl-C' } as const;

/** `verify`'s text: the verdict line, then each shortest counterexample. Deterministic: no timings. @category Reports */
export function verifyText(r: VerifyResult, expects: readonly string[], specs: OpSpecs = OP_SPECS): string {
  const s = r.stats;
  const figures = `${s.states} states, ${s.transitions} transitions, depth ${s.depth} reached`;
  const out: string[] = [];
  const verdict = verifyVerdict(r);
  if (verdict === 'verified') {
    out.push(`${r.policy}: verified: no violation in any interleaving of ${boundsText(r)}; ${figures}`);
  } else if (verdict === 'incomplete') {
    out.push(
      `${r.policy}: incomplete: stopped by ${STOPS[r.stopped ?? 'interrupted']} before covering ${boundsText(r)}; ` +
        `${figures}; NOT verified`,
    );
  } else {
    out.push(`${r.policy}: ${r.found.length} violation kind(s) within ${boundsText(r)}; ${figures}`);
    if (r.stopped !== null) out.push(`  (search for further kinds stopped by ${STOPS[r.stopped]})`);
  }
  for (const f of r.found) {
    const inv = (invariants as Record<string, Invariant>)[f.violation.code];
    const declared = expects.includes(f.violation.code) ? '' : ' (not declared by the policy)';
    out.push('');
    out.push(`VIOLATION ${f.violation.code}${declared}: ${inv?.summary ?? ''}`);
    out.push(`  source: ${inv?.source ?? 'engine'}`);
    out.push(
      `  shortest counterexample: ${f.ops.length} op(s), ${f.steps} step(s); ` +
        `no sequence of fewer ops within the bounds breaks it`,
    );
    const ids = createdIds(f.ops);
    f.ops.forEach((op, i) => {
      out.push(`    ${i + 1}. ${opText(op, ids[i] ?? -1, specs)}`);
    });
    const at = f.violation.opIndex < 0 ? 'while the remaining work drained' : `during op ${f.violation.opIndex + 1}`;
    out.push(`  violated at step ${f.violation.step}, ${at}, in [${CONTEXTS[f.violation.ctx]}]:`);
    for (const line of f.violation.message.split('\n')) out.push(`    ${line}`);
    if (f.mask.length > 0) out.push(`  found with ${f.mask.join(' ')} masked`);
  }
  return `${out.join('\n')}\n`;
}

function provenJson(f: Proven, specs: OpSpecs) {
  const v = f.violation;
  return {
    code: v.code,
    summary: (invariants as Record<string, Invariant>)[v.code]?.summary ?? '',
    message: v.message,
    step: v.step,
    op: v.opIndex < 0 ? null : v.opIndex + 1,
    ctx: CONTEXTS[v.ctx] ?? String(v.ctx),
    obj: v.obj,
    ...(v.page === undefined ? {} : { page: v.page }),
    ops: f.ops.length,
    steps: f.steps,
    masked: f.mask,
    counterexample: stepsJson(f.ops, specs),
  };
}

/**
 * `verify --json`. Field names are stable: add fields, never rename or drop one. `verdict` is
 * `verified`, `violation` or `incomplete`; `stopped` says what cut an incomplete search short.
 * @category Reports
 */
export function verifyJson(r: VerifyResult, specs: OpSpecs = OP_SPECS) {
  const b = r.bounds;
  const first = r.found[0];
  return {
    policy: r.policy,
    verdict: verifyVerdict(r),
    bounds: {
      depth: b.depth,
      objects: b.objects,
      vms: b.vms,
      contexts: b.contexts.map((c) => CONTEXTS[c] ?? String(c)),
      preempt: b.preempt,
    },
    states: r.stats.states,
    transitions: r.stats.transitions,
    depthReached: r.stats.depth,
    stopped: r.stopped,
    violation: first === undefined ? null : provenJson(first, specs),
    violations: r.found.map((f) => provenJson(f, specs)),
  };
}
