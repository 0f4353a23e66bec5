import type { BugReport, BugViolation } from './bug.ts';

/**
 * The sentences every rendering of a bug report shares, as plain strings: each renderer wraps or
 * escapes them its own way, and they read the same in text, markdown and HTML.
 */

/** `dmacheck: <policy> breaks <CODE>`. */
export function headline(r: BugReport): string {
  const v = r.violation;
  return `dmacheck: ${r.policy.name} ${v === null ? `runs clean (expected ${r.expected.code})` : `breaks ${v.code}`}`;
}

/** `op 3, [U0] vma_bind:insert_node`: where in the run the invariant broke. */
export function violationPlace(r: BugReport, v: BugViolation): string {
  const owner = r.ops[v.owner]?.n;
  const at = v.op !== null ? `op ${v.op}` : owner == null ? 'in the drain' : `op ${owner}, finishing after the last op`;
  return `${at}, [${v.ctx}]${v.where === '' ? '' : ` ${v.where}`}`;
}

export function cleanSentence(r: BugReport): string {
  return `Replayed on ${r.policy.name}, the trace runs clean: every invariant holds.`;
}

export function replayCommand(r: BugReport): string {
  return `npx dmacheck replay ${r.traceFile}`;
}

/** How the trace was found, and what its replay masks; null when it says neither. */
export function originSentence(r: BugReport): string | null {
  const o = r.trace.origin;
  const masked = r.trace.mask.length > 0 ? `${r.trace.mask.join(' ')} masked` : '';
  if (o === undefined) return masked === '' ? null : masked;
  const fc = `fast-check seed ${o.fastCheck.seed}, path "${o.fastCheck.path}"`;
  return `found by fuzz --seed ${o.campaignSeed}: ${fc}${masked === '' ? '' : `; ${masked}`}`;
}

/** The step list's heading for ops the engine ran after the trace's last op. */
export const DRAIN_HEADING = 'then, as the remaining work drains:';
