export { corpus_dynamic_importer } from './dynamic-importer.ts';
export { corpus_partial_sync } from './partial-sync.ts';
export { corpus_rx_buffer_recycle } from './rx-buffer-recycle.ts';
export { corpus_streaming_map_unmap } from './streaming-map-unmap.ts';
export { corpus_sync_every_submit } from './sync-every-submit.ts';
export { corpus_tx_buffer_reuse } from './tx-buffer-reuse.ts';

/**
 * The clean corpus: policies doing what the kernel's documentation calls correct, each of which must
 * fuzz clean (policies/corpus/corpus.test.ts). The `corpus-` ones are written for it (provenance
 * `documented`, each quoting its paragraph); the others are catalogued policies that are exactly a
 * documented pattern:
 * - nouveau-2015-996f545fbb0d: coherent allocations, seen alike by CPU and GPU without syncs:
 *   "Consistent memory is memory for which a write by either the device or the processor can
 *   immediately be read by the processor or device without having to worry about caching effects"
 *   (Documentation/core-api/dma-api.rst, Part Ia; "Coherent memory" in later kernels);
 * - i915-2019-userptr-interval-seq: a userptr driver with the interval-notifier sequence, checked
 *   under the driver lock its invalidate callback also takes: `mmu_interval_read_retry` "MUST be
 *   called under a user provided lock that is also held unconditionally by op->invalidate() when it
 *   calls mmu_interval_set_seq(). Each call should be paired with a single mmu_interval_read_begin()
 *   and should be used to conclude the read side. Returns true if an invalidation collided with this
 *   critical section, and the caller should retry." (include/linux/mmu_notifier.h);
 * - i915-2021-shrinker-trylock: a shrinker that only trylocks reservations. Not a documentation
 *   paragraph: the rule was stated on dri-devel (seed 001, König: "you can only trylock it in a
 *   shrink_slab callback") and is enforced by the dma_resv lockdep priming (KERNEL.md [S35]);
 * - dmabuf-reference-exporter: the exporter contract of include/linux/dma-buf.h and
 *   Documentation/driver-api/dma-buf.rst (a table per attachment, constraints checked, dynamic
 *   importers honoured, every fence waited for before backing is released; a composite, FIDELITY.md).
 * @category Policies
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
  'dmabuf-reference-exporter',
] as const;

/** The name of a corpus policy (a documented correct use of the DMA API), one of `CORPUS`. @category Policies */
export type CorpusName = (typeof CORPUS)[number];
