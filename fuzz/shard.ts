/**
 * One of `count` parts of a campaign or a search (`--shard index/count`, `index` from 1), run as its
 * own job with no communication; `dmacheck merge` folds the parts' results into one verdict.
 * @category Fuzzing and traces
 */
export interface Shard {
  /** Which part, from 1 to `count`. */
  readonly index: number;
  /** How many parts. */
  readonly count: number;
}

/**
 * Whether the `k`-th unit of work (from 0: a chunk of runs, a policy, a frontier state) is this
 * shard's: every `count`-th one, starting at `index - 1`. Each unit belongs to exactly one shard.
 * @category Fuzzing and traces
 */
export function owns(shard: Shard | undefined, k: number): boolean {
  return shard === undefined || k % shard.count === shard.index - 1;
}
