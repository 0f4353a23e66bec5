import { owns, type Shard } from '../fuzz/index.ts';

/**
 * Where one search of a shard split the frontier: the level, the states the level held, and the
 * states this shard went on from (every `count`-th, from `index - 1`).
 */
export interface Split {
  /** The level (ops) whose states were divided between the shards. */
  readonly depth: number;
  /** States at that level: every shard computes the same ones, the levels before being shared. */
  readonly frontier: number;
  /** States at that level this shard expanded. */
  readonly kept: number;
}

/**
 * The frontier split of `verify --shard i/n` (`Budget.split`): each shard runs the same
 * breadth-first search up to the first level holding at least `perShard` states for each shard (or
 * the last level that is expanded at all, `depth - 1`), keeps the states of that level whose index
 * is its own (`owns`) and searches only their subtrees. Every sequence of up to `depth` ops either
 * ends before that level (every shard checks it) or passes through one of its states (or through a
 * state first seen at a shallower level, whose subtree reaches that level too), so the shards
 * together cover the bound, and the shortest violation any of them finds is the shortest there is.
 * `onSplit` hears of each split (one per search: `verifyPolicy` searches once per violation kind).
 */
export function frontierSplit(
  shard: Shard,
  depth: number,
  onSplit: (s: Split) => void = () => {},
  perShard = 16,
): (level: number, size: number) => ((index: number) => boolean) | null {
  let split = false;
  let last = Number.POSITIVE_INFINITY;
  return (level, size) => {
    // The levels of one search come in increasing order: a level not above the last is a new search.
    if (level <= last) split = false;
    last = level;
    if (split || level >= depth) return null;
    if (size < perShard * shard.count && level < depth - 1) return null;
    split = true;
    let kept = 0;
    for (let k = 0; k < size; k++) if (owns(shard, k)) kept++;
    onSplit({ depth: level, frontier: size, kept });
    return (k) => owns(shard, k);
  };
}
