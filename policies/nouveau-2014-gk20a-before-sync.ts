import { gk20aDriver } from './nouveau-gk20a/policy.ts';

/**
 * nouveau on the non-coherent Tegra K1 GPU before Alexandre Courbot's coherency series
 * ("drm: nouveau: memory coherency for ARM", 2014): BOs are streaming-mapped system pages, and
 * nothing hands them over between CPU and GPU. `nouveau_bo_validate` returns right after
 * `ttm_bo_validate`, CPU_PREP only waits for fences, CPU_FINI does nothing (nouveau_bo.c and
 * nouveau_gem.c of v3.x): the driver was written for PCI GPUs whose DMA snoops the CPU caches. The
 * series' "drm/nouveau: synchronize BOs when required" added the syncs (its hash was not verified
 * here: see `provenance`). Its twin `nouveau-2015-before-996f545fbb0d` is itself buggy, a partial fix:
 * it adds the syncs but keeps fence BOs userspace polls in streaming memory. The rule it breaks is
 * the streaming API's (Documentation/core-api/dma-api.rst; seed 004,
 * Hellwig: "If you use any other dma mapping methods you will otherwise need to explicitly transfer
 * ownership by mapping/unmapping or using dma_sync* before and after every device access").
 */
export const nouveau_gk20a_no_sync = gk20aDriver({
  name: 'nouveau-2014-gk20a-before-sync',
  summary:
    'non-coherent GPU: streaming-mapped BOs, and no sync between CPU and GPU access (v3.x nouveau; the fixing commit id not found)',
  source:
    'nouveau_bo.c / nouveau_gem.c before "drm/nouveau: synchronize BOs when required" (Courbot, 2014); dma-api.rst; seed 004',
  expects: ['BOUNCE-COHERENT'],
  // A partial fix: the syncs without coherent fence BOs (itself buggy; its twin is the clean one).
  twin: 'nouveau-2015-before-996f545fbb0d',
  // The modelled code is v3.x nouveau, but the id (and Message-ID) of the commit that added the syncs,
  // "drm/nouveau: synchronize BOs when required", was not found: the only honest kind left is the
  // rule it breaks, so `constructed`, with the code named in `where`.
  provenance: {
    kind: 'constructed',
    rule: 'streaming mappings hand ownership over with dma_sync_* before and after every device access',
    where:
      'Documentation/core-api/dma-api.rst; seed 004 (Hellwig); nouveau_bo.c/nouveau_gem.c of v3.x before "drm/nouveau: synchronize BOs when required" (Courbot, 2014; commit id not found)',
  },
  simplifications: [
    'Real v3.x nouveau code, labelled constructed only because the fixing commit could not be identified.',
    'The twin nouveau-2015-before-996f545fbb0d is a partial fix (syncs, but streaming fence BOs).',
  ],
  populate: 'streaming',
  syncs: false,
});
