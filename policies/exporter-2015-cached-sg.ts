import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * An exporter that caches the first attachment's mapped table and returns it to every attachment.
 * Rob Clark in seed 002: "probably all the existing exporters cache the sg-list"; Vetter: "each
 * attachment has it's own sg-list ... you can't use one sg for more than one mapping. And due to
 * different iommu different devices can easily end up with different addresses."
 */
export const exporter_cached_sg = dmabufDriver({
  name: 'exporter-2015-cached-sg',
  summary: 'the exporter hands one cached, mapped table to every attachment, whatever its device',
  source: 'seed 002 (Clark/Vetter, Message-ID 20150202165405.GX14009@phenom.ffwll.local)',
  // One table for every device: the second importer syncs and unmaps a mapping made for another
  // device (debug.c: "tries to sync/free DMA memory it has not allocated"), the first one's detach
  // leaves that mapping to nobody, and eviction then dirties pages still mapped.
  expects: ['ATTACH-OWN-SG', 'SYNC-LIVE', 'MAP-BALANCED', 'NO-LEAK', 'DIRTY-AFTER-TEARDOWN'],
  twin: 'dmabuf-2021-exporter',
  sharedSg: true,
});
