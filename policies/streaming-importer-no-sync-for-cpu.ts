import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * Illustrative: a streaming importer that skips the ownership transfer back to the CPU. The camera
 * ISP writes through its SWIOTLB bounce buffer and the data never reaches what the CPU reads
 * (seed 004 on why GPU drivers avoid the syncs and then break under SWIOTLB; KERNEL.md B12).
 *
 * Formerly `udmabuf-2019-before-cpu-access-fix`, which misattributed it. udmabuf's own bug was
 * different: 284562e1f348 (Message-Id 20191203013627.85991-4-gurchetansingh@chromium.org) made
 * `begin_cpu_udmabuf` call dma_sync_sg_for_device and `end_cpu_udmabuf` dma_sync_sg_for_cpu, on a
 * table mapped for udmabuf's own misc device, and 1ffe09590121 "udmabuf: fix dma-buf cpu access"
 * swapped them back (Andrew Davis later called those syncs "from the CPU to the CPU", Message-ID
 * 20240123221227.868341-2-afd@ti.com). The model cannot show that bug: it has no exporter-side
 * mapping for a device that does no DMA, begin/end_cpu_access here only wait for fences
 * (dmabuf/cpu.ts), and a sync in the wrong direction on a BIDIRECTIONAL mapping is legal for
 * dma-debug, so what went wrong (cache maintenance of the wrong kind on a non-coherent CPU) has
 * no counterpart in the model's page versions. What this policy shows is the rule 1ffe09590121
 * restored: sync for the CPU before the CPU reads what a device wrote.
 */
export const streaming_no_sync_for_cpu = dmabufDriver({
  name: 'streaming-importer-no-sync-for-cpu',
  summary:
    'illustrative; the rule restored by 1ffe09590121: a streaming importer behind SWIOTLB never syncs its DMA writes back for the CPU',
  source:
    'Documentation/core-api/dma-api-howto.rst (streaming DMA ownership); 1ffe09590121 "udmabuf: fix dma-buf cpu access" (fixing 284562e1f348) restored the rule in udmabuf; seed 004; KERNEL.md B12',
  expects: ['BOUNCE-COHERENT'],
  twin: 'dmabuf-reference-exporter',
  provenance: {
    kind: 'constructed',
    rule: 'a streaming DMA user syncs for the CPU (dma_sync_*_for_cpu) before the CPU reads what its device wrote',
    where: 'Documentation/core-api/dma-api-howto.rst; 1ffe09590121 "udmabuf: fix dma-buf cpu access"',
  },
  simplifications: [
    "not udmabuf's bug: udmabuf synced in the wrong direction on its own misc device's table, which the model cannot express",
  ],
  syncAfterDma: false,
});
