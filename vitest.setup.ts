import fc from 'fast-check';

/**
 * Every property test is seeded: DMACHECK_SEED (CI may set it) or a fixed default, so `npm test`
 * is deterministic. A failing property prints its seed and path (fast-check's report).
 */
const seed = Number(process.env.DMACHECK_SEED ?? 20150709);
fc.configureGlobal({ seed, numRuns: Number(process.env.DMACHECK_PROP_RUNS ?? 300) });
