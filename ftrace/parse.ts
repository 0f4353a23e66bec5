import { BadPayload, type TraceEvent } from './events.ts';
import { Fields, fullCount, iommuIova } from './fields.ts';

const FENCE = /^driver=(.*) timeline=(.*) context=(\d+) seqno=(\d+)$/;

/**
 * The event a known event name and its payload describe; null when the event is a failure that
 * leaves nothing to track. Throws BadPayload when the payload does not fit the format.
 */
export function parseEvent(name: string, payload: string): TraceEvent | null {
  const f = new Fields(payload);
  switch (name) {
    case 'dma_map_page':
    case 'dma_map_phys':
    case 'dma_map_resource': {
      const dir = f.dir();
      const dma = f.hex('dma_addr');
      const size = f.dec('size');
      const phys = f.hex('phys_addr');
      if (dma === -1) return null; // the map failed: DMA_MAPPING_ERROR
      return { kind: 'map', fn: name, dev: f.first, dir, dma, size, phys, attrs: f.opt('attrs') ?? '' };
    }
    case 'dma_unmap_page':
    case 'dma_unmap_phys':
    case 'dma_unmap_resource':
      return { kind: 'unmap', fn: name, dev: f.first, dir: f.dir(), dma: f.hex('dma_addr'), size: f.dec('size') };
    case 'dma_map_sg': {
      const dmas = f.array('dma_addrs');
      const sizes = f.array('sizes');
      const phys = f.array('phys_addrs');
      if (dmas.length !== sizes.length) throw new BadPayload('dma_addrs and sizes differ in length');
      return {
        kind: 'map_sg',
        dev: f.first,
        dir: f.dir(),
        nents: fullCount(f, 'nents') ?? phys.length,
        ents: fullCount(f, 'ents') ?? dmas.length,
        truncated: f.has('[TRUNCATED]'),
        dmas,
        sizes,
        phys,
        attrs: f.opt('attrs') ?? '',
      };
    }
    case 'dma_unmap_sg':
      return { kind: 'unmap_sg', dev: f.first, dir: f.dir(), phys: f.array('phys_addrs') };
    case 'dma_sync_single_for_cpu':
    case 'dma_sync_single_for_device':
      return {
        kind: 'sync',
        forCpu: name.endsWith('cpu'),
        dev: f.first,
        dir: f.dir(),
        dma: f.hex('dma_addr'),
        size: f.dec('size'),
      };
    case 'dma_sync_sg_for_cpu':
    case 'dma_sync_sg_for_device': {
      const dmas = f.array('dma_addrs');
      const sizes = f.array('sizes');
      if (dmas.length !== sizes.length) throw new BadPayload('dma_addrs and sizes differ in length');
      return { kind: 'sync_sg', forCpu: name.endsWith('cpu'), dev: f.first, dir: f.dir(), dmas, sizes };
    }
    case 'dma_alloc':
    case 'dma_alloc_pages':
    case 'dma_alloc_sgt': {
      const dma = f.hex('dma_addr');
      const virt = f.opt('virt_addr');
      // dma_alloc_class stores dma_addr 0 when virt_addr is NULL (`%p` of NULL: "0000000000000000" or "(null)").
      const failed = dma === -1 || (virt !== undefined && (/^0+$/.test(virt) || virt === '(null)'));
      return { kind: 'alloc', fn: name, dev: f.first, dir: f.optDir(), dma, size: f.dec('size'), failed };
    }
    case 'dma_free':
    case 'dma_free_pages':
    case 'dma_free_sgt':
      return { kind: 'free', fn: name, dev: f.first, dir: f.optDir(), dma: f.hex('dma_addr'), size: f.dec('size') };
    case 'map':
      if (f.first !== 'IOMMU:') return null; // another system's `map` event
      return { kind: 'iommu_map', iova: iommuIova(f), size: f.dec('size'), paddr: f.hex('paddr') };
    case 'unmap':
      if (f.first !== 'IOMMU:') return null;
      return { kind: 'iommu_unmap', iova: iommuIova(f), size: f.dec('size'), unmapped: f.dec('unmapped_size') };
    case 'dma_fence_init':
    case 'dma_fence_emit':
    case 'dma_fence_enable_signal':
    case 'dma_fence_signaled':
    case 'dma_fence_wait_start':
    case 'dma_fence_wait_end':
    case 'dma_fence_destroy': {
      // Driver and timeline names may hold spaces: match the whole format.
      const m = FENCE.exec(payload);
      if (m === null) throw new BadPayload('not driver=%s timeline=%s context=%u seqno=%u');
      return {
        kind: 'fence',
        fn: name,
        driver: m[1] ?? '',
        timeline: m[2] ?? '',
        context: Number(m[3]),
        seqno: Number(m[4]),
      };
    }
    default:
      throw new Error(`parseEvent: ${name} is not in KNOWN_EVENTS`); // the caller filters on KNOWN_EVENTS
  }
}
