import type { DeviceId, Iova, MappingId, ObjectId, PageId, ResvId, SgId } from './ids.ts';
import type { DebugMode } from './kinds.ts';
import type { Translation } from './platform.ts';

/**
 * The DMA side of the world: sg tables and the mappings the DMA API made of them, the devices with
 * their IOMMU domains and the DMA-API debug table, and dma-buf sharing (buffers, attachments).
 */

/** `struct sg_table`: CPU entries plus the DMA fields of at most one mapping. @category World */
export interface SgTable {
  /** This table's id. */
  readonly id: SgId;
  /** The object whose pages it lists. */
  readonly obj: ObjectId;
  /** The pages (`sg_page()` of each CPU entry, expanded to one per page). */
  readonly pages: readonly PageId[];
  /** `orig_nents`: CPU entries after contiguous pages were coalesced into one entry. */
  readonly nents: number;
  /** Pages of each CPU entry (`sg->length`), in order: `sum(segs) === pages.length`. */
  readonly segs: readonly number[];
  /** The dma-buf attachment the table was built for, or NONE (the object's own table). */
  readonly att: number;
  /**
   * The mapping whose DMA addresses the table's `dma_address`/`dma_length` fields hold. A second
   * `dma_map_sg` overwrites them: "there's no array of dma_addr_t in the sg tables, so you can't use
   * one sg for more than one mapping" (Vetter, seed 002).
   */
  dma: MappingId | -1;
  /** `sg_free_table` ran. */
  freed: boolean;
}

/**
 * One `dma_map_sg` result. Kept after unmap (with `live = false`) so reports and checks can name it.
 * @category World
 */
export interface Mapping {
  /** This mapping's id. */
  readonly id: MappingId;
  /** The device it was mapped for. */
  readonly dev: DeviceId;
  /** The table it was made from (a one-page table for `dma_map_page`). */
  readonly sg: SgId;
  /** The object whose pages it maps. */
  readonly obj: ObjectId;
  /**
   * First IOVA page of the range dma-iommu allocated for the whole list, on an IOMMU device; NONE on
   * dma-direct, where `addrs` are physical (or SWIOTLB slot) addresses.
   */
  readonly iova: Iova | -1;
  /** Pages mapped. */
  readonly npages: number;
  /** The device address of each page (IOVA page, physical page, or bounce slot). */
  readonly addrs: readonly number[];
  /** Pages of each DMA segment (`sg_dma_len`): `segs.length === mappedEnts`. */
  readonly segs: readonly number[];
  /**
   * How it was made, as kernel/dma/debug.c types its entries: `dma_map_sg` ("scather-gather"),
   * `dma_map_page` ("single"), or `dma_alloc_coherent` ("coherent"). check_unmap reports a release
   * by another function ("frees DMA memory with wrong function").
   */
  readonly kind: 'sg' | 'single' | 'coherent';
  /** The dma-buf attachment it maps for, or NONE. */
  readonly att: number;
  /** SWIOTLB: the data version in each page's bounce slot, or null when not bounced. */
  bounce: number[] | null;
  /** Per page: the device wrote it through this mapping since a sync for the CPU last covered it. */
  devWrote: boolean[];
  /** `nents` passed to `dma_map_sg` (must be passed again to `dma_unmap_sg`). */
  readonly nents: number;
  /** The count `dma_map_sg` returned: entries after IOMMU merging (`mappedEnts <= nents`). */
  readonly mappedEnts: number;
  /** `enum dma_data_direction` index into `DMA_DIRS`. */
  readonly dir: number;
  /** `DMA_ATTR_*` bits the map call passed (`ATTR_SKIP_CPU_SYNC`). */
  readonly attrs: number;
  /**
   * debug.c `map_err_type` is not `MAP_ERR_NOT_CHECKED`: `dma_mapping_error()` was called on the
   * address since `dma_map_page` returned it. sg and coherent entries never start unchecked (true).
   */
  errChecked: boolean;
  /** Not yet unmapped or freed. */
  live: boolean;
  /** Global step of the map (reports show the age of a leaked mapping). */
  readonly step: number;
}

/** A `struct device` that does DMA, with its `dma_parms`. */
/** Device 0: the GPU that owns the objects (`WorldConfig.gpu` says which one). @category World */
export const GPU = 0 as DeviceId;

/**
 * A `struct device` doing DMA and the properties of its DMA path (IOMMU or dma-direct, coherence,
 * SWIOTLB bouncing, segment limits, dma-buf importer kind). The engine's `DEVICES` and `GPUS` tables
 * build them; `config.gpu` chooses device 0.
 * @category World
 */
export interface Device {
  /** This device's id (0 is the GPU). */
  readonly id: DeviceId;
  /** `dev_name()`, e.g. `0000:00:02.0`. */
  readonly name: string;
  /** Bound driver, e.g. `i915`. */
  readonly driver: string;
  /** Behind a translating IOMMU (dma-iommu: IOVA ranges); else dma-direct (DMA address = physical). */
  readonly iommu: boolean;
  /**
   * How its streaming DMA is translated (`Translation`, model/core/platform.ts); `iommu` and `bounce`
   * are what it implies for the step loop.
   */
  readonly translation: Translation;
  /** `dma_set_mask()` width in bits. */
  readonly dmaMaskBits: number;
  /** Cache-coherent DMA: the CPU sees device writes without a sync. */
  readonly coherent: boolean;
  /** The device cannot reach all memory (32-bit mask): streaming DMA goes through SWIOTLB bounce buffers. */
  readonly bounce: boolean;
  /** `dma_parms.max_segment_size`, in pages. */
  readonly maxSegPages: number;
  /**
   * `dma_get_seg_boundary(dev) + 1`, in pages: no DMA segment may cross a multiple of it. Without a
   * `segment_boundary_mask` in its `dma_parms` a device has none (ULONG_MAX: a huge value here).
   */
  readonly segBoundaryPages: number;
  /** Most DMA segments the device takes in one mapping (attacher constraint, seed 002 RFC). */
  readonly maxSegCount: number;
  /** Needs physically contiguous memory (seed 002: "I need phys contig"). */
  readonly contiguous: boolean;
  /** Its driver can import dynamically (implements `move_notify`, maps with the reservation held). */
  readonly dynamic: boolean;
}

/**
 * An `iommu_domain` with its IOVA allocator. Every map allocates a fresh range, as intel-iommu's
 * `intel_alloc_iova` does ("HW IOMMU drivers (intel_iommu) allocate a new range from their memory
 * space whenever a mapping is created", commit e2273302); unmap frees it. First fit, page granular
 * (KERNEL.md §7: the exact rounding of the real allocator was not checked).
 * @category World
 */
export interface IommuDomain {
  /** IOVA pages in the domain (`WorldConfig.iovaPages`). */
  readonly capacity: number;
  /** For each IOVA page, the mapping that owns it, or NONE. */
  owner: (MappingId | -1)[];
  /** IOVA pages allocated now. */
  used: number;
  /** Allocations that failed ("DMAR: Allocating N-page iova failed"). */
  failures: number;
  /** A lazy domain (`iommu-lazy`): unmaps go through a flush queue (drivers/iommu/dma-iommu.c `queue_iova`). */
  readonly lazy: boolean;
  /**
   * The flush queue: pairs (IOVA page, page) of lazily unmapped translations the IOTLB still holds
   * until the queue flushes (`fq_flush_iotlb`, then `fq_ring_free` frees the IOVA). Always empty on
   * a strict domain. Kept as a short list, not a per-IOVA array: every run creates a world.
   */
  fq: number[];
}

/** The DMA-API debug table (`CONFIG_DMA_API_DEBUG`, kernel/dma/debug.c). @category World */
export interface DmaDebug {
  /** Entries in the pool (`WorldConfig.debugEntries`). */
  readonly capacity: number;
  /** What happens when the pool runs out (`DebugMode`). */
  readonly mode: DebugMode;
  /** Entries in use: one per mapped sg segment. */
  used: number;
  /** `global_disable`: set when the pool ran out in disable-when-full mode. */
  disabled: boolean;
  /** Step at which it disabled itself, or NONE. */
  disabledAt: number;
  /**
   * `dma_active_cacheline`: per page, how many live non-TO_DEVICE entries start on its first
   * cacheline (the radix tree entry plus its overlap count), across all devices.
   */
  cachelines: number[];
  /**
   * CONFIG_DMA_API_DEBUG_SG: `check_sg_segment` runs at every `dma_map_sg`. The model's kernel is
   * built with it (no world option turns it off).
   */
  readonly sg: boolean;
}

/** `struct dma_buf` exported from an object (drivers/dma-buf/dma-buf.c). @category World */
export interface DmaBuf {
  /** This buffer's id. */
  readonly id: number;
  /** The exporting object. */
  readonly obj: ObjectId;
  /** `dmabuf->resv`: the exporting object's reservation. */
  readonly resv: ResvId;
  /** Its attachments' ids, in attach order. */
  attachments: number[];
  /** A table the exporter cached (mapped for whichever attachment came first), or NONE. */
  cachedSg: SgId | -1;
}

/** `struct dma_buf_attachment`: one importing device's view of a dma-buf. @category World */
export interface Attachment {
  /** This attachment's id. */
  readonly id: number;
  /** The dma-buf it attaches to. */
  readonly buf: number;
  /** The importing device. */
  readonly dev: DeviceId;
  /** The importer implements `move_notify` (dynamic importer: maps with the reservation held). */
  readonly dynamic: boolean;
  /** The table `dma_buf_map_attachment` returned (the importer's pointer: it outlives the unmap), or NONE. */
  sg: SgId | -1;
  /** The exporter pinned the backing for this attachment's mapping (map_dma_buf until unmap_dma_buf). */
  pinned: boolean;
  /** Cleared by `move_notify` until the importer maps again. */
  valid: boolean;
  /** `dma_buf_detach` was called. */
  detached: boolean;
  /** The device address the importer's page tables hold for each page (NONE: not bound). */
  ptes: number[];
}
