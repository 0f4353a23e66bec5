import type { Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type H64, policyBounds, SearchPool, verifyPolicy } from '../verify/index.ts';
import { int, table } from './table.ts';

/**
 * `verify --workers 2` against one thread: the four policies issue 13 names (i915 GEM, userptr,
 * dma-buf, xe), each at a bound deep enough that a search takes seconds (a short one measures the
 * threads' start-up, not the search).
 */
export const WORKER_POLICIES: readonly { readonly name: string; readonly depth: number; readonly quick: number }[] = [
  { name: 'i915-2015-e2273302', depth: 5, quick: 4 },
  { name: 'i915-2019-userptr-interval-seq', depth: 7, quick: 5 },
  { name: 'dmabuf-reference-exporter', depth: 8, quick: 6 },
  { name: 'xe-2025-gpusvm-556dba95', depth: 5, quick: 4 },
];

export interface WorkerRow {
  readonly policy: string;
  readonly depth: number;
  readonly states: number;
  /** Seconds: one thread without sleep sets, one thread with them (`--por`), two workers. */
  readonly noPor: number;
  readonly por: number;
  readonly two: number;
  /** Whether the two-worker search found exactly the states and transitions of the one-thread search without sleep sets. */
  readonly same: boolean;
}

export async function workerRates(h64: H64, quick: boolean): Promise<WorkerRow[]> {
  const pool = new SearchPool(2);
  const rows: WorkerRow[] = [];
  try {
    for (const w of WORKER_POLICIES) {
      const p = policies[w.name as keyof typeof policies] as Policy;
      const bounds = policyBounds(p, { depth: quick ? w.quick : w.depth });
      const workers = { pool, source: { name: p.name } };
      // Warm-ups: the first search of each kind pays for compiling the model's code (in each thread).
      await verifyPolicy(p, { ...bounds, depth: Math.min(bounds.depth, 4) }, h64, { por: false });
      await verifyPolicy(p, { ...bounds, depth: Math.min(bounds.depth, 4) }, h64, { workers });
      const off = await verifyPolicy(p, bounds, h64, { por: false });
      const on = await verifyPolicy(p, bounds, h64, { por: true });
      const two = await verifyPolicy(p, bounds, h64, { workers });
      rows.push({
        policy: p.name,
        depth: bounds.depth,
        states: off.stats.states,
        noPor: off.stats.elapsedMs / 1000,
        por: on.stats.elapsedMs / 1000,
        two: two.stats.elapsedMs / 1000,
        same: two.stats.states === off.stats.states && two.stats.transitions === off.stats.transitions,
      });
    }
  } finally {
    await pool.close();
  }
  return rows;
}

export function workerTable(rows: readonly WorkerRow[]): string {
  const rate = (states: number, s: number) => int(states / Math.max(s, 1e-3));
  return table(
    [
      'policy',
      'ops',
      'states',
      'states/s, 1 thread, no POR',
      'states/s, 1 thread, sleep sets',
      'states/s, --workers 2',
      'speed-up over no POR',
      'over sleep sets',
      'same states',
    ],
    rows.map((r) => [
      `\`${r.policy}\``,
      String(r.depth),
      int(r.states),
      rate(r.states, r.noPor),
      rate(r.states, r.por),
      rate(r.states, r.two),
      `${(r.noPor / r.two).toFixed(2)}x`,
      `${(r.por / r.two).toFixed(2)}x`,
      r.same ? 'yes' : 'NO',
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}
