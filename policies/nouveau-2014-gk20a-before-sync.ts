import { gk20aDriver } from './nouveau-gk20a/policy.ts';

/**
 * nouveau on the non-coherent Tegra K1 GPU before Alexandre Courbot's coherency series
 * ("drm: nouveau: memory coherency for ARM", 2014): BOs are streaming-mapped system pages, and
 * nothing hands them over between CPU and GPU. `nouveau_bo_validate` returns right after
 * `ttm_bo_validate`, CPU_PREP only waits for fences, CPU_FINI does nothing (nouveau_bo.c and
 * nouveau_gem.c of v3.x): the driver was written for PCI GPUs whose DMA snoops the CPU caches. The
 * series' "drm/nouveau: synchronize BOs when required" added the syncs (its hash was not verified
 * here). The rule it breaks is the streaming API's (Documentation/core-api/dma-api.rst; seed 004,
 * Hellwig: "If you use any other dma mapping methods you will otherwise need to explicitly transfer
 * ownership by mapping/unmapping or using dma_sync* before and after every device access").
 */
export const nouveau_gk20a_no_sync = gk20aDriver({
  name: 'nouveau-2014-gk20a-before-sync',
  summary: 'non-coherent GPU: streaming-mapped BOs, and no sync between CPU and GPU access',
  source:
    'nouveau_bo.c / nouveau_gem.c before "drm/nouveau: synchronize BOs when required" (Courbot, 2014); dma-api.rst; seed 004',
  expects: ['BOUNCE-COHERENT'],
  twin: 'nouveau-2015-before-996f545fbb0d',
  populate: 'streaming',
  syncs: false,
});
