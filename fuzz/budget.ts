/**
 * The test budget: fixed by default so `npm test` stays within minutes on 2 cores; raise it with
 * DMACHECK_RUNS for deeper fuzzing (e.g. DMACHECK_RUNS=100000 npm test).
 * @category Fuzzing and traces
 */
export const TEST_RUNS = Number(process.env.DMACHECK_RUNS ?? 2000);
/** The seed tests and `fuzzTest` use unless `DMACHECK_SEED` sets another. @category Fuzzing and traces */
export const TEST_SEED = Number(process.env.DMACHECK_SEED ?? 20150709);
