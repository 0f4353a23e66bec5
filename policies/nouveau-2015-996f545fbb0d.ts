import { gk20aDriver } from './nouveau-gk20a/policy.ts';

/**
 * nouveau on the Tegra K1 GPU after 996f545fbb0d: a client asks for NOUVEAU_GEM_DOMAIN_COHERENT on a
 * BO it polls, the BO is created TTM_PL_FLAG_UNCACHED and populated from `dma_alloc_coherent`
 * (c3a0c771e582 "drm/nouveau: implement explicitly coherent BOs"), and the BO syncs skip it
 * (`force_coherent`). The model's client polls every BO it maps, so every BO is created coherent.
 * CPU and GPU see each other's writes at once: "Consistent memory is memory for which a write by
 * either the device or the processor can immediately be read by the processor or device"
 * (Documentation/core-api/dma-api.rst, Part Ia); seed 004, Hellwig: "if you need coherent memory
 * you should simply always use dma_alloc_coherent, that is the only gurantee you get".
 */
export const nouveau_gk20a_coherent = gk20aDriver({
  name: 'nouveau-2015-996f545fbb0d',
  summary: 'non-coherent GPU: BOs allocated with dma_alloc_coherent, seen alike by CPU and GPU without syncs',
  source: 'commits 996f545fbb0d, c3a0c771e582; Documentation/core-api/dma-api.rst Part Ia; seed 004',
  expects: [],
  twin: 'nouveau-2015-before-996f545fbb0d',
  provenance: {
    kind: 'commit',
    id: '996f545fbb0d',
    title: 'drm/nouveau/gem: allow user-space to specify an object should be coherent',
  },
  simplifications: ["The model's client polls every BO it maps, so every BO is created coherent."],
  populate: 'coherent',
  syncs: true,
});
