import { CONTEXTS, type Policy } from '../model/index.ts';
import { expectsOn, policies } from '../policies/index.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import { type Bounds, catalogueMachines, loadHasher, policyBounds, verifyPolicy } from '../verify/index.ts';
import { int, ms, table } from './table.ts';

/**
 * `verify --all` as a benchmark: every catalogued policy within its default bound (its own where it
 * declares one), one thread: verdict, states, transitions, wall time, and for a buggy policy each
 * invariant found with its shortest length. `depth` replaces every bound's depth (a smoke run).
 */
export interface CatalogueRow {
  readonly policy: string;
  readonly bounds: Bounds;
  readonly verdict: 'verified' | 'violation' | 'incomplete';
  readonly states: number;
  readonly transitions: number;
  readonly ms: number;
  /** `CODE n` for each violation: the invariant and its shortest counterexample's op count. */
  readonly found: readonly string[];
  /** Declared codes the search did not reach within the bound (diagnostics aside). */
  readonly missing: readonly string[];
  /** The policy declares bugs. */
  readonly buggy: boolean;
}

export async function verifyCatalogue(
  opts: { depth?: number; log?: (s: string) => void } = {},
): Promise<CatalogueRow[]> {
  const h64 = await loadHasher();
  const rows: CatalogueRow[] = [];
  for (const p of Object.values(policies) as Policy[]) {
    for (const machine of catalogueMachines(p)) {
      opts.log?.(`verify: ${p.name}`);
      const bounds = policyBounds(p, { depth: opts.depth });
      const t0 = performance.now();
      const r = await verifyPolicy(p, bounds, h64, {}, machine);
      const codes = r.found.map((f) => f.violation.code);
      rows.push({
        policy: machine === undefined ? p.name : `${p.name} on ${machine.name}`,
        bounds,
        verdict: r.stopped !== null ? 'incomplete' : r.found.length > 0 ? 'violation' : 'verified',
        states: r.stats.states,
        transitions: r.stats.transitions,
        ms: performance.now() - t0,
        found: r.found.map((f) => `${f.violation.code} ${f.ops.length}`),
        missing: (machine === undefined ? p.expects : expectsOn(p, machine.name)).filter(
          (c) => !codes.includes(c) && !isDiagnostic(c),
        ),
        buggy: p.expects.length > 0,
      });
    }
  }
  return rows;
}

/** A code reachable only under small limits (the headroom diagnostics): not expected of a search. */
function isDiagnostic(code: string): boolean {
  return (invariants as Record<string, Invariant>)[code]?.diagnostic === true;
}

/** `4 ops, 2 obj, 2 vm, all contexts` or `8 ops, 1 obj, 1 vm, U0 X I`. */
export function boundsText(b: Bounds): string {
  const ctx = b.contexts.length === CONTEXTS.length ? 'all contexts' : b.contexts.map((c) => CONTEXTS[c]).join(' ');
  return `${b.depth} ops, ${b.objects} obj, ${b.vms} vm, ${ctx}`;
}

export function catalogueTable(rows: readonly CatalogueRow[]): string {
  return table(
    [
      'policy',
      'bounds',
      'verdict',
      'states',
      'transitions',
      'time',
      'shortest counterexamples (ops)',
      'declared, not within',
    ],
    rows.map((r) => [
      `\`${r.policy}\``,
      boundsText(r.bounds),
      r.verdict,
      int(r.states),
      int(r.transitions),
      ms(r.ms),
      r.found.join(', ') || '-',
      r.missing.join(' ') || '-',
    ]),
    ['l', 'l', 'l', 'r', 'r', 'r', 'l', 'l'],
  );
}
