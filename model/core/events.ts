/**
 * Events: what the kernel primitives did during one step. Invariants that are about an action (an
 * unmap of something not mapped, a dirty before teardown) read events; invariants about a state read
 * the world. The log is a reused pool of fixed-shape records, reset every step: recording an event
 * allocates nothing once the pool has grown.
 * @category Events
 */
export const EVENT_KINDS = [
  /** a: mapping, b: live mappings of the object's own tables before, c: the table was already mapped (1/0), d: device. */
  'dma_map_sg',
  /** dma_unmap_sg or dma_unmap_page. a: mapping found live for the sg (or NONE), b: `UNMAP.*` bits, c: sg, d: device. */
  'dma_unmap_sg',
  /** dma_map_sg returned 0. a: sg, b: pages requested, c: device. */
  'dma_map_failed',
  /** dma_alloc_coherent returned a buffer. a: mapping, b: pages, c: device. */
  'dma_alloc_coherent',
  /** dma_free_coherent. a: mapping found live for the table (or NONE), b: `UNMAP.*` bits, c: sg, d: device. */
  'dma_free_coherent',
  /** A dma_sync_*. a: mapping (NONE), b: `SYNC.*` warning bits, c: `SYNC_FOR_CPU | SYNC_RANGE | SYNC_PAST_SEGMENT` bits, d: device. */
  'dma_sync',
  /** A device's DMA. a: page, b: version seen (read) or written, c: version the CPU last wrote, d: 1 write. */
  'dev_access',
  /** A CPU access. a: page, b: version seen (read) or written, c: version a device last wrote, d: 1 write. */
  'cpu_access',
  /** dma_buf_attach. a: attachment, b: device, c: 1 if its constraints can be met, d: 1 dynamic. */
  'dmabuf_attach',
  /** dma_buf_map_attachment returned. a: attachment, b: mapping its table holds, c: 1 with the resv held. */
  'map_attachment',
  /** dma_buf_detach. a: attachment, b: live mappings of it left. */
  'dmabuf_detach',
  /** move_notify told the importers. a: dma-buf, b: 1 with the resv held, c: dynamic importers that had it mapped. */
  'move_notify',
  /** The importer wrote (b > 0) or cleared (b = 0) its page tables for an attachment. a: attachment, b: addresses given. */
  'import_bind',
  /** An importer's device used its attachment. a: attachment, b: 1 if the attachment is valid, c: page index. */
  'import_access',
  /** The IOVA allocator could not find a range. a: device, b: pages requested. */
  'iova_exhausted',
  /** The DMA-API debug table ran out of entries and disabled itself. a: capacity. */
  'dma_debug_disabled',
  /** a: vma, b: vm. */
  'pte_write',
  /** a: vma, b: vm. */
  'pte_clear',
  /** Backing pages acquired (obj->pages set). a: sg. */
  'get_pages',
  /** obj->pages cleared (the release itself follows). a: sg, b: live mappings of the object, c: pages_pin_count. */
  'put_pages',
  /** A page went back to the allocator. a: page, b: live DMA mappings, c: GPU PTEs, d: unsignaled fences on it. */
  'page_free',
  /** a: page, b: live DMA mappings of it, c: GPU PTEs to it. */
  'set_page_dirty',
  /** a: page, b: live DMA mappings of it, c: GPU PTEs to it. */
  'mark_page_accessed',
  /** The object was freed. a: live mappings left. */
  'obj_free',
  /** a: fence, b: 1 if it was already signaled. */
  'fence_signal',
  /** a: fence, b: resv, c: 1 if the resv was held by this context. */
  'resv_add_fence',
  /** A lock acquisition is attempted (lockdep `lock_acquire`). a: class, b: instance, c: `ACQ` flags. */
  'lock_acquire',
  /** a: class, b: instance. No primitive records it at present (`lockRelease` records no event). */
  'lock_release',
  /** A new dependency a → b closed a cycle in the lock graph. a, b: classes. */
  'lock_cycle',
  /** A context tried to take a lock it already holds. a: class, b: instance. */
  'lock_recursive',
  /** A memory allocation. a: `GFP.*`, b: the context's `ACQ` flags. */
  'alloc',
  /** obj->pages published from user pages (userptr). a: sg. */
  'userptr_publish',
  /** An MMU-notifier callback is called for an object. a: bound VMAs, b: active fences, c: pages a worker holds. */
  'notifier_call',
  /** An MMU-notifier callback returned for an object. a: the object's range start, b: 1 if it returned true. */
  'notifier_return',
  /**
   * debug.c `add_dma_entry`: "cacheline tracking EEXIST, overlapping mappings aren't supported". a:
   * the new mapping, b: the page whose first cacheline another live non-TO_DEVICE entry holds, c:
   * device, d: entries already on that line.
   */
  'dma_debug_overlap',
  /**
   * debug.c `check_sg_segment` (CONFIG_DMA_API_DEBUG_SG). a: mapping, b: entry index, c: 0 "mapping
   * sg segment longer than device claims to support", 1 "mapping sg segment across boundary", d: device.
   */
  'dma_debug_sg_segment',
  /**
   * A device's driver was unbound (BUS_NOTIFY_UNBOUND_DRIVER). a: device, b: debug entries of the
   * device left ("device driver has pending DMA allocations while released from device" when > 0),
   * c: one leaked mapping (or NONE).
   */
  'driver_unbound',
  /**
   * A device access through an IOVA no mapping owns, after a strict unmap flushed its translation:
   * the IOMMU blocks it and reports a fault (intel-iommu: "DMAR: [DMA Write] Request device [..]
   * fault addr .. PTE Write access is not set", drivers/iommu/intel/dmar.c `dmar_fault_do_one`).
   * a: device, b: IOVA page, c: 1 write.
   */
  'iommu_fault',
  /**
   * A device access reached a page through a translation no live mapping holds: a lazily unmapped
   * IOVA before its flush, or a stale physical address on dma-direct. a: page, b: device, c: device
   * address, d: 1 write. `obj`: the page's owner now (NONE when free).
   */
  'stale_dma',
] as const;
/** The name of an event kind, one of `EVENT_KINDS`. @category Events */
export type EventKind = (typeof EVENT_KINDS)[number];

/** Events whose `a` is a page: a violation they raise is about that page too (reports show it). @category Events */
export const PAGE_EVENTS: readonly EventKind[] = [
  'page_free',
  'set_page_dirty',
  'mark_page_accessed',
  'dev_access',
  'cpu_access',
];

/** Event kind → small integer, for dispatch tables in the checker. @category Events */
export const EV = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i])) as {
  readonly [K in EventKind]: number;
};

/**
 * What kernel/dma/debug.c `check_unmap` prints for an unmap or free (`dma_unmap_sg`,
 * `dma_unmap_page`, `dma_free_coherent`), as bits: once it found the entry it tests every one of
 * these and prints each that applies, in this order (size, function, entry count, direction, map
 * error). `NOT_MAPPED` comes alone. debug.c's "frees DMA memory with different CPU address"
 * (coherent) is not modelled: the model's free takes no CPU address.
 * @category Events
 */
export const UNMAP = {
  OK: 0,
  /** "device driver tries to free DMA memory it has not allocated" (or frees it twice). */
  NOT_MAPPED: 1,
  /** "device driver frees DMA memory with different size" (`ref->size != entry->size`). */
  WRONG_SIZE: 2,
  /** "device driver frees DMA memory with wrong function" (`ref->type != entry->type`). */
  WRONG_FUNCTION: 4,
  /**
   * "device driver frees DMA sg list with different entry count": `ref->sg_call_ents && ref->type ==
   * dma_debug_sg && ref->sg_call_ents != entry->sg_call_ents` (only `dma_unmap_sg` passes a count;
   * a single or coherent entry holds 0, so `dma_unmap_sg` of one always differs).
   */
  WRONG_NENTS: 8,
  /** "device driver frees DMA memory with different direction". */
  WRONG_DIR: 16,
  /**
   * "device driver failed to check map error": the entry is still `MAP_ERR_NOT_CHECKED`, which only
   * `dma_map_page`/`dma_map_single` (and `dma_map_resource`) entries start as. KERNEL.md §3
   * MAP-ERR-CHECKED reads this bit; MAP-BALANCED the others.
   */
  MAP_ERR_UNCHECKED: 32,
} as const;

/**
 * One event. Its fields hold what the check needs as it was *at the event*: a step may change the
 * same state again before the checks run.
 * @category Events
 */
export interface Event {
  kind: number;
  ctx: number;
  obj: number;
  a: number;
  b: number;
  c: number;
  d: number;
}

/**
 * The events of the current step: a pool of fixed-shape `Event` records reused every step
 * (`n` is the count in use), so recording allocates nothing once the pool has grown.
 * @category Events
 */
export class EventLog {
  /** Records in use: the events of this step are `buf[0 .. n-1]`. */
  n = 0;
  /** The pool; records past `n` are stale and reused by `push`. */
  readonly buf: Event[] = [];

  /** Records one event (`Kernel.emit` calls it with the running context). */
  push(kind: number, ctx: number, obj: number, a: number, b: number, c: number, d: number): void {
    let e = this.buf[this.n];
    if (e === undefined) {
      e = { kind, ctx, obj, a, b, c, d };
      this.buf.push(e);
    } else {
      e.kind = kind;
      e.ctx = ctx;
      e.obj = obj;
      e.a = a;
      e.b = b;
      e.c = c;
      e.d = d;
    }
    this.n++;
  }

  /** A copy of this step's events (for traces; not used in the hot loop). */
  snapshot(): Event[] {
    const out: Event[] = [];
    for (let i = 0; i < this.n; i++) {
      const e = this.buf[i] as Event;
      out.push({ kind: e.kind, ctx: e.ctx, obj: e.obj, a: e.a, b: e.b, c: e.c, d: e.d });
    }
    return out;
  }
}
