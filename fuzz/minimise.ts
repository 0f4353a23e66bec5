import { type ContextId, CTX, type Op, type Policy, type WorldConfig } from '../model/index.ts';
import { executedOps, record } from './record.ts';

/**
 * A last shrinking pass after fast-check's: fast-check can stop in a local minimum (an op that does
 * nothing left in the middle). This pass drops each op in turn and simplifies each remaining one
 * (no preemption, the first user context, a lower address space), and moves every op on an object to
 * the object before it, keeping a change only when the same invariant still fails. The result is 1-minimal: removing any single op makes it pass.
 */
export function minimise(
  policy: Policy,
  ops: readonly Op[],
  code: string,
  mask: ReadonlySet<string>,
  config?: WorldConfig,
): { ops: Op[]; tries: number } {
  let tries = 0;
  // A candidate is kept in the form it ran (skipped ops dropped, retargeted ops as retargeted),
  // and only when that is smaller than the current sequence: a simplification the engine undoes by
  // retargeting is no simplification, and a strictly decreasing measure ends the loop.
  const attempt = (cand: readonly Op[], cur: readonly Op[]): Op[] | null => {
    tries++;
    const rec = record(policy, cand, { config, mask });
    if (rec.result.violation?.code !== code) return null;
    const ran = executedOps(rec);
    return smaller(ran, cur) ? ran : null;
  };
  let cur = [...ops];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < cur.length; i++) {
      const next = attempt([...cur.slice(0, i), ...cur.slice(i + 1)], cur);
      if (next !== null) {
        cur = next;
        changed = true;
        i--;
      }
    }
    // Every op on object o moved to o-1 at once: one op at a time would split a chain of ops on one
    // buffer (export, attach, map) and fail; moved together, the create of o may then go.
    for (let o = 1; o <= maxObj(cur); o++) {
      const next = attempt(
        cur.map((op) => (op.obj === o && op.kind !== 'create' ? { ...op, obj: o - 1 } : op)),
        cur,
      );
      if (next !== null) {
        cur = next;
        changed = true;
      }
    }
    for (let i = 0; i < cur.length; i++) {
      for (const simpler of simplifications(cur[i] as Op)) {
        const next = attempt([...cur.slice(0, i), simpler, ...cur.slice(i + 1)], cur);
        if (next !== null) {
          cur = next;
          changed = true;
          break;
        }
      }
    }
  }
  return { ops: cur, tries };
}

/**
 * The order the pass descends: fewer ops, then less preemption, fewer ops in the second user context,
 * lower address spaces, lower objects (compared in that order).
 */
function measure(ops: readonly Op[]): number[] {
  const m = [ops.length, 0, 0, 0, 0];
  for (const op of ops) {
    m[1] = (m[1] as number) + op.run;
    if (op.ctx === CTX.U1) m[2] = (m[2] as number) + 1;
    m[3] = (m[3] as number) + op.vm;
    m[4] = (m[4] as number) + op.obj;
  }
  return m;
}

function smaller(a: readonly Op[], b: readonly Op[]): boolean {
  const x = measure(a);
  const y = measure(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number);
  return false;
}

function maxObj(ops: readonly Op[]): number {
  let m = 0;
  for (const op of ops) if (op.obj > m) m = op.obj;
  return m;
}

/** Simpler variants of an op, most wanted first. */
function simplifications(op: Op): Op[] {
  const out: Op[] = [];
  if (op.run > 0) out.push({ ...op, run: 0 });
  if (op.ctx === CTX.U1 && op.kind !== 'resume') out.push({ ...op, ctx: CTX.U0 as ContextId });
  if (op.vm > 0 && op.kind !== 'signal') out.push({ ...op, vm: op.vm - 1 });
  if (op.obj > 0 && op.kind !== 'create') out.push({ ...op, obj: op.obj - 1 });
  return out;
}
