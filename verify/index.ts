export { catalogueMachines, type GivenBounds, policyBounds } from './bounds.ts';
export { Fingerprinter, type H64, loadHasher } from './fingerprint.ts';
export { type PolicySource, parallelSearch, SearchPool } from './parallel.ts';
export {
  type Bounds,
  type Budget,
  boundedConfig,
  DEFAULT_DEPTH,
  DEFAULT_OBJECTS,
  DEFAULT_VMS,
  type SearchResult,
  type SearchStats,
  type Shortest,
  type StopReason,
  search,
} from './search.ts';
export { frontierSplit, type Split } from './shard.ts';
export { bfsFinalPass, FINAL_PASS_LIMITS, type FinalPassLimits } from './shorten.ts';
export { type Proven, type VerifyBudget, type VerifyResult, verifyPolicy } from './verify.ts';
export { VisitedSet } from './visited.ts';
