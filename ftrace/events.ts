/**
 * The DMA, IOMMU and dma_fence trace events dmacheck reads, parsed by their kernel TP_printk
 * formats. Payloads are read by key (`dir=`, `dma_addr=`, ...), not by position, because the
 * formats grew fields over time; the device name is the first word of every dma event.
 *
 * include/trace/events/dma.h (system `dma`; torvalds/linux @0b9828c7231e, first added in v6.12 by
 * 038eb433dc14 "dma-mapping: add tracing for dma-mapping API calls"):
 * - class dma_map (dma_map_phys; before "rename trace_dma_*map_page() to be trace_dma_*map_phys()"
 *   (Romanovsky, 2025) dma_map_page and dma_map_resource):
 *   `"%s dir=%s dma_addr=%llx size=%zu phys_addr=%llx attrs=%s"`
 * - class dma_unmap (dma_unmap_phys; earlier dma_unmap_page, dma_unmap_resource):
 *   `"%s dir=%s dma_addr=%llx size=%zu attrs=%s"`
 * - class dma_alloc_class (dma_alloc, dma_alloc_pages, dma_alloc_sgt_err):
 *   `"%s dir=%s dma_addr=%llx size=%zu virt_addr=%p flags=%s attrs=%s"`; before 3afff779a725
 *   "dma-mapping: trace dma_alloc/free direction" `"%s dma_addr=%llx size=%zu virt_addr=%p flags=%s
 *   attrs=%s"`. TP_fast_assign stores `dma_addr = virt_addr ? dma_addr : 0` (a failed allocation).
 * - dma_alloc_sgt: `"%s dir=%s dma_addr=%llx size=%zu phys_addrs=%s flags=%s attrs=%s"`
 * - class dma_free_class (dma_free, dma_free_pages): `"%s dir=%s dma_addr=%llx size=%zu virt_addr=%p
 *   attrs=%s"`; before 3afff779a725 without `dir=`. dma_free_sgt: `"%s dir=%s dma_addr=%llx size=%zu
 *   phys_addrs=%s"`.
 * - dma_map_sg: `"%s dir=%s nents=%d/%d ents=%d/%d%s dma_addrs=%s sizes=%s phys_addrs=%s attrs=%s"`
 *   since daafcc0ef0b3 "tracing/dma: Cap dma_map_sg tracepoint arrays to prevent buffer overflow"
 *   (at most DMA_TRACE_MAX_ENTRIES = 128 elements traced, `" [TRUNCATED]"` when capped); before it
 *   `"%s dir=%s dma_addrs=%s sizes=%s phys_addrs=%s attrs=%s"`.
 * - dma_unmap_sg: `"%s dir=%s phys_addrs=%s attrs=%s"`: physical addresses only (`sg_phys` of each
 *   of the nents entries passed to dma_unmap_sg), no DMA address.
 * - class dma_sync_single (dma_sync_single_for_cpu|_for_device): `"%s dir=%s dma_addr=%llx size=%zu"`
 * - class dma_sync_sg (dma_sync_sg_for_cpu|_for_device): `"%s dir=%s dma_addrs=%s sizes=%s"`, the
 *   nents entries passed (entries past the mapped count print whatever their DMA fields hold).
 * - dma_map_sg_err (`"%s dir=%s dma_addrs=%s err=%d attrs=%s"`, the array being the physical
 *   addresses) and dma_alloc_sgt_err are failures: nothing was mapped, nothing to track.
 * Arrays: kernel/trace/trace_output.c trace_print_array_seq prints `{` elements `"0x%x"` / `"0x%llx"`
 * joined by `,` `}`, sizes included (so `sizes={0x2000}`, not decimal). Directions: `__print_symbolic`
 * BIDIRECTIONAL|TO_DEVICE|FROM_DEVICE|NONE. Attributes: `__print_flags(attrs, "|", ...)`, empty for 0.
 *
 * include/trace/events/iommu.h (system `iommu`, @03ab8e6297ac): map `"IOMMU: iova=0x%016llx - 0x%016llx
 * paddr=0x%016llx size=%zu"`, unmap `"IOMMU: iova=0x%016llx - 0x%016llx size=%zu unmapped_size=%zu"`
 * (the second value is iova + size; older kernels print no range end). No device, no domain.
 *
 * include/trace/events/dma_fence.h (system `dma_fence`, @136412474b77): every event
 * `"driver=%s timeline=%s context=%u seqno=%u"`.
 *
 * Addresses are held as JS numbers: exact below 2^53 (every physical and IOVA address of today's
 * machines); DMA_MAPPING_ERROR (all ones) is recognised from its text.
 */

export const DIRS = ['BIDIRECTIONAL', 'TO_DEVICE', 'FROM_DEVICE', 'NONE'] as const;
export type Dir = (typeof DIRS)[number];

export type MapFn = 'dma_map_page' | 'dma_map_phys' | 'dma_map_resource';
export type UnmapFn = 'dma_unmap_page' | 'dma_unmap_phys' | 'dma_unmap_resource';
export type AllocFn = 'dma_alloc' | 'dma_alloc_pages' | 'dma_alloc_sgt';
export type FreeFn = 'dma_free' | 'dma_free_pages' | 'dma_free_sgt';
export type FenceFn =
  | 'dma_fence_init'
  | 'dma_fence_emit'
  | 'dma_fence_enable_signal'
  | 'dma_fence_signaled'
  | 'dma_fence_wait_start'
  | 'dma_fence_wait_end'
  | 'dma_fence_destroy';

export type TraceEvent =
  | {
      readonly kind: 'map';
      readonly fn: MapFn;
      readonly dev: string;
      readonly dir: Dir;
      readonly dma: number;
      readonly size: number;
      readonly phys: number;
      readonly attrs: string;
    }
  | {
      readonly kind: 'unmap';
      readonly fn: UnmapFn;
      readonly dev: string;
      readonly dir: Dir;
      readonly dma: number;
      readonly size: number;
    }
  | {
      readonly kind: 'map_sg';
      readonly dev: string;
      readonly dir: Dir;
      /** Entries passed (orig nents) and DMA segments produced; the full counts, not the traced ones. */
      readonly nents: number;
      readonly ents: number;
      readonly truncated: boolean;
      readonly dmas: readonly number[];
      readonly sizes: readonly number[];
      readonly phys: readonly number[];
      readonly attrs: string;
    }
  | { readonly kind: 'unmap_sg'; readonly dev: string; readonly dir: Dir; readonly phys: readonly number[] }
  | {
      readonly kind: 'sync';
      readonly forCpu: boolean;
      readonly dev: string;
      readonly dir: Dir;
      readonly dma: number;
      readonly size: number;
    }
  | {
      readonly kind: 'sync_sg';
      readonly forCpu: boolean;
      readonly dev: string;
      readonly dir: Dir;
      readonly dmas: readonly number[];
      readonly sizes: readonly number[];
    }
  | {
      readonly kind: 'alloc';
      readonly fn: AllocFn;
      readonly dev: string;
      /** null on kernels before 3afff779a725 (no `dir=`). */
      readonly dir: Dir | null;
      readonly dma: number;
      readonly size: number;
      readonly failed: boolean;
    }
  | {
      readonly kind: 'free';
      readonly fn: FreeFn;
      readonly dev: string;
      readonly dir: Dir | null;
      readonly dma: number;
      readonly size: number;
    }
  | { readonly kind: 'iommu_map'; readonly iova: number; readonly size: number; readonly paddr: number }
  | { readonly kind: 'iommu_unmap'; readonly iova: number; readonly size: number; readonly unmapped: number }
  | {
      readonly kind: 'fence';
      readonly fn: FenceFn;
      readonly driver: string;
      readonly timeline: string;
      readonly context: number;
      readonly seqno: number;
    };

export type TraceEventKind = TraceEvent['kind'];

/** A payload the event's format does not fit: the line is counted as malformed. */
export class BadPayload extends Error {}

/** Every event name dmacheck reads; any other event is skipped. */
export const KNOWN_EVENTS: ReadonlySet<string> = new Set([
  'dma_map_page',
  'dma_map_phys',
  'dma_map_resource',
  'dma_unmap_page',
  'dma_unmap_phys',
  'dma_unmap_resource',
  'dma_map_sg',
  'dma_unmap_sg',
  'dma_sync_single_for_cpu',
  'dma_sync_single_for_device',
  'dma_sync_sg_for_cpu',
  'dma_sync_sg_for_device',
  'dma_alloc',
  'dma_alloc_pages',
  'dma_alloc_sgt',
  'dma_free',
  'dma_free_pages',
  'dma_free_sgt',
  'map',
  'unmap',
  'dma_fence_init',
  'dma_fence_emit',
  'dma_fence_enable_signal',
  'dma_fence_signaled',
  'dma_fence_wait_start',
  'dma_fence_wait_end',
  'dma_fence_destroy',
]);
