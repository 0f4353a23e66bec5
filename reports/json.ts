import type { Found, FuzzResult } from '../fuzz/index.ts';
import { CONTEXTS, type Coverage, OP_KINDS, OP_SPECS, type Op, type OpSpecs, type Violation } from '../model/index.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import { createdIds, opText } from './ops.ts';

/**
 * The machine-readable shapes CI scripts read. Field names are stable: add fields, never rename or
 * drop one.
 * @category Reports
 */
export function stepsJson(ops: readonly Op[], specs: OpSpecs = OP_SPECS) {
  const ids = createdIds(ops);
  return ops.map((op, i) => ({
    n: i + 1,
    kind: op.kind,
    ctx: CONTEXTS[op.ctx] ?? String(op.ctx),
    obj: op.kind === 'create' ? (ids[i] ?? -1) : op.obj,
    vm: op.vm,
    arg: op.arg,
    run: op.run,
    text: opText(op, ids[i] ?? -1, specs),
  }));
}

/**
 * The fields of a violation that `fuzz --json` and `verify --json` share: code, summary, message
 * and where it broke.
 * @category Reports
 */
export function violationFields(v: Violation) {
  return {
    code: v.code,
    summary: (invariants as Record<string, Invariant>)[v.code]?.summary ?? '',
    message: v.message,
    step: v.step,
    op: v.opIndex < 0 ? null : v.opIndex + 1,
    ctx: CONTEXTS[v.ctx] ?? String(v.ctx),
    obj: v.obj,
    ...(v.page === undefined ? {} : { page: v.page }),
  };
}

/** A found violation as `fuzz --json` prints it (`violation` and each of `violations`). @category Reports */
export function violationJson(f: Found) {
  return {
    ...violationFields(f.violation),
    shrunkFrom: f.originalLength,
    shrinks: f.shrinks,
    runsToFind: f.runsToFind,
    fastCheck: { seed: f.fcSeed, path: f.fcPath, masked: f.mask },
    // Which phase found it: the guided one (with the mutant's number), or one of the policy's own.
    ...(f.guided === undefined ? {} : { guided: { mutant: f.guided.mutant } }),
    ...(f.phase === undefined ? {} : { phase: f.phase.name }),
  };
}

/** Coverage as `fuzz --json` prints it: counts per op, per context and per invariant guard. @category Reports */
export function coverageJson(c: Coverage) {
  return {
    runs: c.runs,
    steps: c.steps,
    skipped: c.skipped,
    reached: c.reached,
    // The built-in kinds, then a policy's own (in declaration order).
    ops: Object.fromEntries(
      [...OP_KINDS, ...Object.keys(c.ops).filter((k) => !(OP_KINDS as readonly string[]).includes(k))].map((k) => [
        k,
        c.ops[k] ?? 0,
      ]),
    ),
    contexts: Object.fromEntries(CONTEXTS.map((n, i) => [n, c.ctxSteps[i] ?? 0])),
    guards: Object.fromEntries(
      (Object.values(invariants) as Invariant[])
        .filter((inv) => inv.guard !== undefined)
        .map((inv) => [inv.code, { count: c.guards[inv.code] ?? 0, describe: inv.guard?.describe ?? '' }]),
    ),
  };
}

/** `fuzz --json`: `{"policy","seed","runs","violation":{...}|null,"counterexample":[steps],...}`. @category Reports */
export function fuzzJson(r: FuzzResult, specs: OpSpecs = OP_SPECS) {
  const first = r.found[0];
  return {
    policy: r.policy,
    ...(r.platform === undefined ? {} : { platform: r.platform }),
    seed: r.seed,
    runs: r.runs,
    violation: first === undefined ? null : violationJson(first),
    counterexample: first === undefined ? [] : stepsJson(first.ops, specs),
    violations: r.found.map((f) => ({ ...violationJson(f), counterexample: stepsJson(f.ops, specs) })),
    coverage: coverageJson(r.coverage),
    guided: r.guided ?? null,
    interrupted: r.interrupted,
  };
}
