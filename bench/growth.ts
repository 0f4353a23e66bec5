import { DEFAULT_CONFIG, type Policy, type WorldConfig } from '../model/index.ts';
import { kthBindPolicy } from './kth-bind.ts';
import { type Throughput, throughput } from './throughput.ts';
import { type HuntOptions, type Hunts, huntBoth } from './time-to-bug.ts';

/**
 * Cost growth. Throughput as the pools grow: n objects and n address spaces (the contexts are the
 * model's fixed set), sequences up to max(24, 4n) ops so that the pools fill. Time to bug as the bug
 * needs more binds (`kthBindPolicy`).
 */
export const POOLS = [1, 4, 16, 64] as const;
export const KS = [1, 2, 4, 8, 12] as const;

export interface PoolRow {
  readonly n: number;
  readonly maxOps: number;
  readonly t: Throughput;
}

export function poolConfig(n: number): WorldConfig {
  return { ...DEFAULT_CONFIG, maxObjects: n, vms: n };
}

export async function poolGrowth(fixed: Policy, seed: number, rounds: number, seconds: number): Promise<PoolRow[]> {
  const rows: PoolRow[] = [];
  for (const n of POOLS) {
    const maxOps = Math.max(24, 4 * n);
    const t = await throughput(fixed, { seed, rounds, seconds, config: poolConfig(n), maxOps, hand: true });
    rows.push({ n, maxOps, t });
  }
  return rows;
}

export interface KRow {
  readonly k: number;
  readonly dmacheck: Hunts;
  readonly harness: Hunts;
}

export async function bugLengthGrowth(seeds: number, o: HuntOptions): Promise<KRow[]> {
  const rows: KRow[] = [];
  for (const k of KS) rows.push({ k, ...(await huntBoth(kthBindPolicy(k), seeds, o)) });
  return rows;
}
