import type { Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type H64, policyBounds, type SearchPool, verifyPolicy } from '../verify/index.ts';
import { int, ms, table } from './table.ts';

/**
 * How the state space grows: states by depth (each policy at its own objects, address spaces and
 * contexts), the deepest bound each is verified at within a minute on two workers, and states by
 * objects × address spaces at a fixed depth.
 */
export const GROWTH_POLICIES = [
  'i915-2015-e2273302',
  'i915-2019-userptr-interval-seq',
  'dmabuf-reference-exporter',
  'xe-2025-gpusvm-556dba95',
] as const;

export interface DepthRow {
  readonly policy: string;
  /** Per depth from 1: states, and milliseconds, of a complete search; the last may be cut short. */
  readonly states: number[];
  readonly ms: number[];
  /** The deepest depth covered within the time limit (0: none). */
  readonly verifiedAt: number;
  /** The bounds other than depth, as the row prints them. */
  readonly rest: string;
}

/** Searches at depth 1, 2, ... until one does not finish within `limitMs` (or `maxDepth`). */
export async function depthGrowth(h64: H64, pool: SearchPool, limitMs: number, maxDepth: number): Promise<DepthRow[]> {
  const rows: DepthRow[] = [];
  for (const name of GROWTH_POLICIES) {
    const p = policies[name] as Policy;
    const states: number[] = [];
    const times: number[] = [];
    let verifiedAt = 0;
    const own = policyBounds(p);
    for (let depth = 1; depth <= maxDepth; depth++) {
      const r = await verifyPolicy(p, { ...own, depth }, h64, {
        timeMs: limitMs,
        workers: { pool, source: { name } },
      });
      if (r.found.length > 0) throw new Error(`${name} is a fixed policy, yet broke ${r.found[0]?.violation.code}`);
      if (r.stopped !== null) break;
      states.push(r.stats.states);
      times.push(r.stats.elapsedMs);
      verifiedAt = depth;
    }
    const rest = `${own.objects} obj, ${own.vms} vm, ${own.contexts.length} contexts`;
    rows.push({ policy: name, states, ms: times, verifiedAt, rest });
  }
  return rows;
}

export function depthTable(rows: readonly DepthRow[], maxDepth: number, limitMs: number): string {
  const depths = Array.from({ length: maxDepth }, (_, i) => i + 1);
  return table(
    ['policy', 'bounds', ...depths.map((d) => `${d} ops`), `deepest verified in ${limitMs / 1000} s`],
    rows.map((r) => [
      `\`${r.policy}\``,
      r.rest,
      ...depths.map((d) => (r.states[d - 1] === undefined ? '-' : int(r.states[d - 1] as number))),
      r.verifiedAt === 0 ? '-' : `${r.verifiedAt} ops (${ms(r.ms[r.verifiedAt - 1] as number)})`,
    ]),
    ['l', 'l', ...depths.map(() => 'r' as const), 'r'],
  );
}

export interface PoolRow {
  readonly objects: number;
  readonly vms: number;
  readonly states: number;
}

/** States of `i915-2015-e2273302` at `depth` ops, every context, as objects and address spaces grow. */
export async function poolGrid(
  h64: H64,
  pool: SearchPool,
  depth: number,
  sizes: readonly number[],
): Promise<PoolRow[]> {
  const p = policies['i915-2015-e2273302'];
  const out: PoolRow[] = [];
  for (const objects of sizes) {
    for (const vms of sizes) {
      const r = await verifyPolicy(p, { ...policyBounds(p), depth, objects, vms }, h64, {
        workers: { pool, source: { name: p.name } },
      });
      out.push({ objects, vms, states: r.stats.states });
    }
  }
  return out;
}

export function poolGridTable(rows: readonly PoolRow[], sizes: readonly number[]): string {
  return table(
    ['objects \\ address spaces', ...sizes.map(String)],
    sizes.map((o) => [
      String(o),
      ...sizes.map((v) => int(rows.find((r) => r.objects === o && r.vms === v)?.states ?? Number.NaN)),
    ]),
    ['l', ...sizes.map(() => 'r' as const)],
  );
}
