import type { FuzzResult, GuidedStats } from '../fuzz/index.ts';
import {
  CONTEXTS,
  type Coverage,
  DEVICES,
  isPlatformName,
  OP_KINDS,
  OP_SPECS,
  type Op,
  type OpSpecs,
  PLATFORMS,
  type Violation,
} from '../model/index.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import { createdIds, type Devices, opText } from './ops.ts';

/**
 * Plain-text rendering of a fuzz campaign: what the CLI prints. Deterministic: no timings.
 * `specs`: the policy's op table (`opSpecsOf`), for its own ops' phrasing.
 * @category Reports
 */
export function fuzzText(r: FuzzResult, expects: readonly string[], specs: OpSpecs = OP_SPECS): string {
  const out: string[] = [];
  const verdict = r.found.length === 0 ? 'clean' : `${r.found.length} violation kind(s)`;
  const on = r.platform === undefined ? '' : ` on ${r.platform}`;
  // Devices as the platform names them (a preset's; a platform from a file is named only by its name here).
  const devices =
    r.devices ?? (r.platform !== undefined && isPlatformName(r.platform) ? PLATFORMS[r.platform].devices : DEVICES);
  out.push(`${r.policy}${on}: ${verdict} in ${r.runs} runs (seed ${r.seed})${r.interrupted ? ', interrupted' : ''}`);
  for (const f of r.found) {
    out.push(
      ...violationText(
        f.violation,
        f.ops,
        expects,
        specs,
        `counterexample: ${f.ops.length} op(s), shrunk from ${f.originalLength} in ${f.shrinks} shrink step(s), ` +
          `found after ${f.runsToFind} run(s)${f.phase !== undefined ? ` of the phase "${f.phase.name}"` : f.guided !== undefined ? ' of the guided phase' : ''}`,
        devices,
      ),
    );
    const masked = f.mask.length ? `, with ${f.mask.join(' ')} masked` : '';
    out.push(
      f.guided === undefined
        ? `  replay: fast-check seed ${f.fcSeed}, path "${f.fcPath}"${masked}`
        : `  replay: guided phase, mutant ${f.guided.mutant} of campaign seed ${r.seed}${masked}`,
    );
  }
  out.push('');
  out.push(...coverageText(r.coverage));
  if (r.guided !== undefined) out.push(...guidedText(r.guided));
  return `${out.join('\n')}\n`;
}

/**
 * One violation as `fuzz` and `verify` print it: the invariant and its source, `what` the
 * counterexample is, its ops (naming `devices`), and where and how the invariant broke.
 * @category Reports
 */
export function violationText(
  v: Violation,
  ops: readonly Op[],
  expects: readonly string[],
  specs: OpSpecs,
  what: string,
  devices: Devices = DEVICES,
): string[] {
  const inv = (invariants as Record<string, Invariant>)[v.code];
  const declared = expects.includes(v.code) ? '' : ' (not declared by the policy)';
  const out = ['', `VIOLATION ${v.code}${declared}: ${inv?.summary ?? ''}`, `  source: ${inv?.source ?? 'engine'}`];
  out.push(`  ${what}`);
  const ids = createdIds(ops);
  ops.forEach((op, i) => {
    out.push(`    ${i + 1}. ${opText(op, ids[i] ?? -1, specs, devices)}`);
  });
  const at = v.opIndex < 0 ? 'while the remaining work drained' : `during op ${v.opIndex + 1}`;
  out.push(`  violated at step ${v.step}, ${at}, in [${CONTEXTS[v.ctx]}]:`);
  for (const line of v.message.split('\n')) out.push(`    ${line}`);
  return out;
}

/** Coverage as `fuzz` prints it: the lines of its coverage section. @category Reports */
export function coverageText(c: Coverage): string[] {
  const out = [
    `coverage: ${c.runs} runs, ${c.steps} steps, ${c.skipped} ops skipped, ${c.reached} program steps reached`,
  ];
  // The built-in kinds, then a policy's own kinds (those that ran).
  const own = Object.keys(c.ops).filter((k) => !(OP_KINDS as readonly string[]).includes(k));
  out.push(`  ops:      ${[...OP_KINDS, ...own].map((k) => `${k} ${c.ops[k] ?? 0}`).join(', ')}`);
  out.push(`  contexts: ${CONTEXTS.map((n, i) => `${n} ${c.ctxSteps[i] ?? 0}`).join(', ')}`);
  out.push('  guards (how often the situation each invariant guards arose):');
  for (const inv of Object.values(invariants) as Invariant[]) {
    if (inv.guard === undefined) continue;
    out.push(`    ${inv.code.padEnd(20)} ${String(c.guards[inv.code] ?? 0).padStart(8)}  ${inv.guard.describe}`);
  }
  return out;
}

/**
 * What the coverage-guided phase added, as `fuzz` prints it under the coverage table: its runs, the
 * sequences it started from and kept, and what it reached that no random run did.
 * @category Reports
 */
export function guidedText(g: GuidedStats): string[] {
  const f = g.features;
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  const news = [
    n(g.steps, 'program step', 'program steps'),
    n(f.switch, 'context switch', 'context switches'),
    n(f.object + f.attachment + f.iommu + f.debug + f.fences, 'abstract state', 'abstract states'),
    n(g.lockDeps, 'lock dependency', 'lock dependencies'),
  ];
  return [
    `guided:   ${g.runs} runs mutating the ${g.seeds} sequences the random phase kept; ${g.kept} mutants kept`,
    `  new beyond the random phase: ${news.join(', ')}; guards first met: ${g.guards.length === 0 ? 'none' : g.guards.join(' ')}`,
  ];
}
