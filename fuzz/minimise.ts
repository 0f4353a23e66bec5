import { type ContextId, CTX, type Op, type Policy, type WorldConfig } from '../model/index.ts';
import { executedOps, record } from './record.ts';

/**
 * A last shrinking pass after fast-check's: fast-check can stop in a local minimum (an op that does
 * nothing left in the middle). This pass drops each op in turn and simplifies each remaining one
 * (no preemption, the first user context, a lower address space), keeping a change only when the
 * same invariant still fails. The result is 1-minimal: removing any single op makes it pass.
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
  // and only when that differs from the current sequence: a simplification the engine undoes by
  // retargeting is no simplification.
  const attempt = (cand: readonly Op[], cur: readonly Op[]): Op[] | null => {
    tries++;
    const rec = record(policy, cand, { config, mask });
    if (rec.result.violation?.code !== code) return null;
    const ran = executedOps(rec);
    return JSON.stringify(ran) === JSON.stringify(cur) ? null : ran;
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

/** Simpler variants of an op, most wanted first. */
function simplifications(op: Op): Op[] {
  const out: Op[] = [];
  if (op.run > 0) out.push({ ...op, run: 0 });
  if (op.ctx === CTX.U1 && op.kind !== 'resume') out.push({ ...op, ctx: CTX.U0 as ContextId });
  if (op.vm > 0 && op.kind !== 'signal') out.push({ ...op, vm: op.vm - 1 });
  if (op.obj > 0 && op.kind !== 'create') out.push({ ...op, obj: op.obj - 1 });
  return out;
}
