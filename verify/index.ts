export { Fingerprinter, type H64, loadHasher } from './fingerprint.ts';
export {
  type Bounds,
  type Budget,
  boundedConfig,
  type SearchResult,
  type SearchStats,
  type Shortest,
  type StopReason,
  search,
} from './search.ts';
export { VisitedSet } from './visited.ts';
