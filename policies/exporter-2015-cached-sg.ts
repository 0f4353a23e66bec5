import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * Hypothetical: an exporter that caches the first attachment's mapped table and returns it to every
 * attachment. Rob Clark in seed 002 guessed "probably all the existing exporters cache the sg-list";
 * Vetter: "each attachment has it's own sg-list ... you can't use one sg for more than one mapping.
 * And due to different iommu different devices can easily end up with different addresses." DRM's
 * exporters in fact mapped per attachment (`drm_gem_map_dma_buf`, i915's map_dma_buf). The real
 * instance is ION before "[RFC PATCH 03/12] staging: android: ion: Duplicate sg_table" (Laura
 * Abbott, 2 Mar 2017, Message-Id 1488491084-17252-4-git-send-email-labbott@redhat.com), whose one
 * table was never mapped per device, so its symptom was wrong DMA addresses (ATTACH-OWN-SG).
 */
export const exporter_cached_sg = dmabufDriver({
  name: 'exporter-2015-cached-sg',
  summary:
    "hypothetical design ruled out in seed 002: one cached, mapped table for every attachment (real instance: ION before 'Duplicate sg_table', 2017)",
  source:
    'seed 002 (Clark/Vetter, Message-ID 20150202165405.GX14009@phenom.ffwll.local); ION Message-Id 1488491084-17252-4-git-send-email-labbott@redhat.com',
  // ATTACH-OWN-SG is the primary code (the one ION showed). The other four are consequences in the
  // model: the second importer syncs and unmaps a mapping made for another device (debug.c: "tries to
  // sync/free DMA memory it has not allocated"), the first one's detach leaves that mapping to
  // nobody, and eviction then dirties pages still mapped.
  expects: ['ATTACH-OWN-SG', 'SYNC-LIVE', 'MAP-BALANCED', 'NO-LEAK', 'DIRTY-AFTER-TEARDOWN'],
  twin: 'dmabuf-reference-exporter',
  provenance: {
    kind: 'design',
    thread: 'Message-ID 20150202165405.GX14009@phenom.ffwll.local (seed 002)',
    title: 'exporters caching one sg-list for every attachment (ruled out by Vetter, Feb 2015)',
  },
  simplifications: [
    "The cached table is mapped for the first device; ION's table was never mapped per device (phys as DMA address), which the model does not show.",
    'ATTACH-OWN-SG is primary; SYNC-LIVE, MAP-BALANCED, NO-LEAK and DIRTY-AFTER-TEARDOWN are consequences in the model.',
  ],
  sharedSg: true,
});
