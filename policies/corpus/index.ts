export { corpus_dynamic_importer } from './dynamic-importer.ts';
export { corpus_partial_sync } from './partial-sync.ts';
export { corpus_rx_buffer_recycle } from './rx-buffer-recycle.ts';
export { corpus_streaming_map_unmap } from './streaming-map-unmap.ts';
export { corpus_sync_every_submit } from './sync-every-submit.ts';
export { corpus_tx_buffer_reuse } from './tx-buffer-reuse.ts';

/**
 * The clean corpus: policies doing what the kernel's documentation calls correct, each of which must
 * fuzz clean (policies/corpus/corpus.test.ts). The `corpus-` ones are written for it (provenance
 * `documented`); the others are catalogued policies that are exactly a documented pattern:
 * - nouveau-2015-996f545fbb0d: coherent allocations (`dma_alloc_coherent`), seen alike by CPU and
 *   GPU without syncs (dma-api.rst Part Ia);
 * - i915-2019-userptr-interval-seq: a userptr driver with the interval-notifier sequence
 *   (`mmu_interval_read_begin` / `mmu_interval_read_retry` under the driver lock, include/linux/mmu_notifier.h);
 * - i915-2021-shrinker-trylock: a shrinker that only trylocks the reservation (the rule of dma_resv's
 *   lockdep priming: reclaim may not block on a dma_resv);
 * - dmabuf-2021-exporter: the exporter contract of include/linux/dma-buf.h and
 *   Documentation/driver-api/dma-buf.rst (a table per attachment, constraints checked, dynamic
 *   importers honoured, every fence waited for before backing is released).
 */
export const CORPUS = [
  'corpus-streaming-map-unmap',
  'corpus-tx-buffer-reuse',
  'corpus-rx-buffer-recycle',
  'corpus-partial-sync',
  'corpus-dynamic-importer',
  'corpus-sync-every-submit',
  'nouveau-2015-996f545fbb0d',
  'i915-2019-userptr-interval-seq',
  'i915-2021-shrinker-trylock',
  'dmabuf-2021-exporter',
] as const;

export type CorpusName = (typeof CORPUS)[number];

/** A violation the model reports on a corpus policy although the kernel would not (a model finding). */
export interface ModelFalseAlarm {
  readonly code: string;
  /** The finding, as FIDELITY.md "Model findings" numbers and states it. */
  readonly finding: string;
}

/**
 * Corpus policies the model flags until FIDELITY.md's model findings are fixed (on their own branch).
 * `fuzz --all` reports these codes as known false alarms instead of failing, and the catalogue test
 * expects these policies not to run clean; delete an entry when its finding is fixed, and flip the
 * matching `it.fails` in policies/corpus/corpus.test.ts.
 */
export const MODEL_FALSE_ALARMS: Readonly<Partial<Record<CorpusName, ModelFalseAlarm>>> = {
  'corpus-tx-buffer-reuse': {
    code: 'SYNC-LIVE',
    finding:
      'FIDELITY.md model finding 1: SYNC-LIVE flags dma_sync_*_for_cpu(DMA_TO_DEVICE) on a DMA_TO_DEVICE mapping',
  },
  'corpus-rx-buffer-recycle': {
    code: 'SYNC-LIVE',
    finding:
      'FIDELITY.md model finding 1: SYNC-LIVE flags dma_sync_*_for_device(DMA_FROM_DEVICE) on a DMA_FROM_DEVICE mapping',
  },
  'corpus-sync-every-submit': {
    code: 'BOUNCE-COHERENT',
    finding:
      'FIDELITY.md model finding 2: on a non-coherent device sync_for_device writes back CPU copies the CPU never wrote, over what the device wrote',
  },
};

/** The known false alarm of a policy, if it has one. */
export function modelFalseAlarm(name: string): ModelFalseAlarm | undefined {
  return (MODEL_FALSE_ALARMS as Record<string, ModelFalseAlarm | undefined>)[name];
}
