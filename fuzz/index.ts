export { TEST_RUNS, TEST_SEED } from './budget.ts';
export { chunkSeed, type FinalPass, type Found, type FuzzOptions, type FuzzResult, fuzzPolicy } from './campaign.ts';
export { type CheckOptions, checkOps } from './check.ts';
export type { GuidedStats } from './guided.ts';
export { executedOps, type RecordedRun, record, type StepRecord } from './record.ts';
export { owns, type Shard } from './shard.ts';
export * from './trace/index.ts';
