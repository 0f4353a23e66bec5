import { CONTEXTS, OP_SPECS, type OpSpecs } from '../model/index.ts';
import type { Proven, VerifyResult } from '../verify/index.ts';
import { stepsJson, violationFields } from './json.ts';
import { violationText } from './text.ts';

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
    out.push(
      ...violationText(
        f.violation,
        f.ops,
        expects,
        specs,
        `shortest counterexample: ${f.ops.length} op(s), ${f.steps} step(s); ` +
          `no sequence of fewer ops within the bounds breaks it`,
      ),
    );
    if (f.mask.length > 0) out.push(`  found with ${f.mask.join(' ')} masked`);
  }
  return `${out.join('\n')}\n`;
}

function provenJson(f: Proven, specs: OpSpecs) {
  return {
    ...violationFields(f.violation),
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
