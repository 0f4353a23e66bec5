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

export interface SymmetryRow {
  readonly policy: string;
  /** States at `depth` ops, every context: 1 or 2 objects on 2 address spaces; 2 objects on 1 or 3. */
  readonly obj1: number;
  readonly obj2: number;
  readonly vm1: number;
  readonly vm3: number;
}

/**
 * What symmetry reduction could save at most, from state counts alone (one thread, no reduction).
 * Objects: a state in which one object exists has no mirror image (ids are creation order: object 1
 * never exists without object 0), so at most the states with two objects merge in pairs, (S(2) -
 * S(1)) / 2 of them. Address spaces: the GGTT (space 0) is not a PPGTT, so at the default 2 there is
 * nothing to swap; with 3, the two PPGTTs are interchangeable, and at most the states that touch one
 * of them merge in pairs, (S(3) - S(1)) / 2.
 */
export async function symmetryBounds(h64: H64, depth: number): Promise<SymmetryRow[]> {
  const out: SymmetryRow[] = [];
  for (const name of ['i915-2015-e2273302', 'xe-2025-gpusvm-556dba95'] as const) {
    const p = policies[name] as Policy;
    const states = async (objects: number, vms: number) =>
      (await verifyPolicy(p, { ...policyBounds(p), depth, objects, vms }, h64)).stats.states;
    out.push({
      policy: name,
      obj1: await states(1, 2),
      obj2: await states(2, 2),
      vm1: await states(2, 1),
      vm3: await states(2, 3),
    });
  }
  return out;
}

export function symmetryTable(rows: readonly SymmetryRow[]): string {
  const bound = (all: number, fixed: number) => `${(all / (all - (all - fixed) / 2)).toFixed(2)}x`;
  return table(
    [
      'policy',
      'states, 1 object',
      '2 objects (default)',
      'object symmetry: at most',
      'states, 1 address space',
      '3 address spaces',
      'PPGTT symmetry at 3: at most',
    ],
    rows.map((r) => [
      `\`${r.policy}\``,
      int(r.obj1),
      int(r.obj2),
      bound(r.obj2, r.obj1),
      int(r.vm1),
      int(r.vm3),
      bound(r.vm3, r.vm1),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}
