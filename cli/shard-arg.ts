import { InvalidArgumentError } from 'commander';
import type { Shard } from '../fuzz/index.ts';

/** Most shards a run may be split into. */
export const MAX_SHARDS = 1024;

/** Commander parser for `--shard i/n`: part i (from 1) of n. */
export function shardArg(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new InvalidArgumentError(`expected i/n with 1 <= i <= n <= ${MAX_SHARDS}, got "${value}".`);
  }
  return { index, count };
}
