import type { Frame } from './frame.ts';
import type { ContextId, FenceId, ObjectId, PageId, ResvId, SgId, VmaId, VmId } from './ids.ts';
import type { Backing, DebugMode, GpuName, Madv } from './kinds.ts';
import type { Platform } from './platform.ts';
import type { Attachment, Device, DmaBuf, DmaDebug, IommuDomain, Mapping, SgTable } from './world-dma.ts';

export type { Attachment, Device, DmaBuf, DmaDebug, IommuDomain, Mapping, SgTable } from './world-dma.ts';

/**
 * The world: every kernel object the model tracks, as plain data. No closures, no classes, no
 * generator objects: a world can be cloned (`structuredClone`), hashed and serialised, which the
 * exhaustive mode and the reports depend on. Ids are array indices; entities are never removed, only
 * marked freed, so an id in a trace always names the same thing.
 * @category World
 */
export interface World {
  /** The settings the world was built with. */
  readonly config: WorldConfig;
  /** Global step counter: one per atomic step of any context. */
  step: number;
  /** Every page frame, indexed by `PageId`. */
  pages: Page[];
  /** The page allocator's free list, reused LIFO (hot pages first), so a freed frame is reused soon. */
  freePages: PageId[];
  /** GEM objects, indexed by `ObjectId`. */
  objects: Obj[];
  /** VMAs, indexed by `VmaId`. */
  vmas: Vma[];
  /** sg tables, indexed by `SgId`. */
  sgs: SgTable[];
  /** Every DMA mapping ever made (live or not), indexed by `MappingId`. */
  mappings: Mapping[];
  /** Devices doing DMA, indexed by `DeviceId`: the GPU is device 0 (`GPU`). */
  devices: Device[];
  /** One IOMMU domain per device, indexed by `DeviceId`. */
  iommus: IommuDomain[];
  /** The DMA-API debug table (one for the whole machine, as in kernel/dma/debug.c). */
  debug: DmaDebug;
  /** Fences, indexed by `FenceId`. */
  fences: Fence[];
  /** Reservation objects, indexed by `ResvId`. */
  resvs: Resv[];
  /** Driver mutexes, indexed as `MUTEXES`. */
  mutexes: Mutex[];
  /** The execution contexts, indexed by `ContextId` (`CONTEXTS` order). */
  contexts: Ctx[];
  /** The lock dependency graph (lockdep). */
  lockdep: Lockdep;
  /** The address space of the fuzzed process (userptr memory). */
  mm: Mm;
  /** Data version counter (coherency: which write a read sees). */
  dataVer: number;
  /** Exported dma-bufs. */
  dmabufs: DmaBuf[];
  /** dma-buf attachments. */
  attachments: Attachment[];
}

/** A lock a context holds (lockdep's `held_lock`). @category World */
export interface Held {
  /** Index into `LOCK_CLASSES`. */
  readonly cls: number;
  /** Instance (a resv id, a mutex id), or NONE for pseudo-locks. */
  readonly inst: number;
  /** Taken by a trylock (adds no dependency into its class). */
  readonly trylock: boolean;
  /** Taken for read (a shared acquisition). */
  readonly read: boolean;
  /** Where it was taken: step and `program:step`. */
  readonly step: number;
  /** `program:step` that took it. */
  readonly where: string;
}

/** One observed dependency "held `from` while acquiring `to`". @category World */
export interface Dep {
  /** Lock class held (index into `LOCK_CLASSES`). */
  readonly from: number;
  /** Lock class acquired while holding it. */
  readonly to: number;
  /** Context that first did it, or NONE for boot-time priming. */
  readonly ctx: ContextId | -1;
  /** Step of the first observation. */
  readonly step: number;
  /** `program:step` of the first observation. */
  readonly where: string;
}

/**
 * The lock-class dependency graph (kernel/locking/lockdep.c): the first observation of each
 * dependency a → b, with where and in which context it was seen. LOCK-ORDER reads it.
 * @category World
 */
export interface Lockdep {
  /** `dep[a * N + b]`: index into `deps` of the first observation of a → b, or NONE. */
  dep: number[];
  deps: Dep[];
}

/**
 * `mm_struct` of the process whose memory userptr objects wrap, with its MMU-notifier
 * subscriptions (`mmu_notifier_subscriptions`, mm/mmu_notifier.c).
 * @category World
 */
export interface Mm {
  /**
   * The CPU page table of the userptr area, one entry per page slot: the page mapped there,
   * `SLOT_EMPTY` (valid but not faulted in: the next touch allocates a page) or `SLOT_UNMAPPED`.
   */
  slots: number[];
  /** `mmap_lock`: readers holding it, and the writer (a context) or NONE. */
  mmapReaders: number;
  /** The context holding `mmap_lock` for write, or NONE. */
  mmapWriter: ContextId | -1;
  /**
   * `subscriptions->invalidate_seq`: even when idle, odd while an invalidation is in progress
   * (mmu_interval_read_begin waits while it is odd and this interval is being invalidated).
   */
  seq: number;
  /** Slot range [start, end) of the invalidation in progress, or NONE. */
  invStart: number;
  /** End (exclusive) of the slot range being invalidated, or NONE. */
  invEnd: number;
}

/** Sizes and modes of a world. Small and colliding by default: bugs live where objects collide. @category World */
export interface WorldConfig {
  /** The GPU that owns the objects, device 0 (`GPUS` in create.ts): its DMA path and coherency. */
  readonly gpu: GpuName;
  /**
   * The machine, whole (devices, IOVA space, debug era, sources); absent: the machine `gpu` names
   * (the worlds of traces saved before platforms existed). When present it decides the devices.
   */
  readonly platform?: Platform;
  /** Address spaces: the GGTT plus `vms - 1` PPGTTs. */
  readonly vms: number;
  /** Most objects a run may create. */
  readonly maxObjects: number;
  /** Pages per object. */
  readonly objectPages: number;
  /** Capacity of each IOMMU domain's IOVA space, in pages. */
  readonly iovaPages: number;
  /** `dma_debug_entries`: preallocated DMA-API debug entries (kernel/dma/debug.c). */
  readonly debugEntries: number;
  /** What the debug table does when it runs out of entries (`DebugMode`). */
  readonly debugMode: DebugMode;
}

/** `struct page`. @category World */
export interface Page {
  readonly id: PageId;
  /** Owner object (page->mapping of the object's shmem file), NONE while free. */
  obj: ObjectId | -1;
  /** Back in the allocator (`put_page` dropped the last reference). */
  free: boolean;
  /** Bumped at every reuse of the frame, so a DMA into a recycled frame is visible (ABA). */
  gen: number;
  /** PG_dirty, set by `set_page_dirty`. */
  dirty: boolean;
  /** PG_referenced, set by `mark_page_accessed`. */
  accessed: boolean;
  /** Live DMA mappings covering the page (kept by the DMA primitives). */
  maps: number;
  /** References: the owner's (shmem object or a CPU mapping) plus GUP pins. Freed at 0. */
  refs: number;
  /** Bound GPU PTEs that point at the page (kept by writePtes/clearPtes). */
  ptes: number;
  /** Unsignaled fences whose jobs may access the page (kept by fenceCreate/fenceSignal). */
  busy: number;
  /** Version of the data in RAM. */
  ver: number;
  /** Version a CPU read sees (its cache; equal to `ver` unless a non-coherent device wrote RAM behind it). */
  cache: number;
  /** Version the last device write produced (in RAM or in a bounce slot). */
  devVer: number;
  /** Version the last CPU write produced. */
  cpuVer: number;
  /**
   * The CPU wrote the page since its cache last matched RAM (a dirty cache line): a cache clean at
   * map or `sync_for_device` on a non-coherent device writes back only then (KERNEL.md §1.4).
   */
  cpuDirty: boolean;
  /**
   * Part of a `dma_alloc_coherent` buffer: "Consistent memory is memory for which a write by either
   * the device or the processor can immediately be read by the processor or device without having
   * to worry about caching effects" (Documentation/core-api/dma-api.rst, Part Ia). On a
   * non-coherent device the CPU reaches it through an uncached remap, so CPU and device both see
   * RAM: the model keeps `cache === ver` for such a page.
   */
  coherent: boolean;
}

/** A GEM object (`drm_i915_gem_object`). @category World */
export interface Obj {
  /** This object's id. */
  readonly id: ObjectId;
  /** Its backing storage (`shmem`, `userptr`, `stolen`, `dmabuf-import`). */
  readonly backing: Backing;
  /** Size in pages. */
  readonly npages: number;
  /** `obj->base.resv`. */
  readonly resv: ResvId;
  /** False once freed (`i915_gem_free_object` ran). */
  live: boolean;
  /** Open userspace handles (`handle_count`). */
  handles: number;
  /**
   * References held by in-flight ioctls (`drm_gem_object_lookup` ... `drm_gem_object_put`) and by
   * reclaim while it works on the object; the free waits until only the closer's is left.
   */
  refs: number;
  /** `obj->pages`: the sg table of the backing pages, or NONE when the pages are not held. */
  sg: SgId | -1;
  /** `obj->pages_pin_count`: pages cannot be released while it is non-zero. */
  pagesPin: number;
  /**
   * `obj->pin_display`: display-plane pins held across ioctls (i915_gem_object_pin_to_display_plane
   * ... i915_gem_object_unpin_from_display_plane), each also a pin of the GGTT VMA. Kept by the
   * policies that declare scanout ops; 0 otherwise.
   */
  pinDisplay: number;
  /** `obj->bind_count`: VMAs of this object with PTEs written. */
  bindCount: number;
  /** Most VMAs bound at once since the pages were last acquired (coverage: "bound twice, then released"). */
  bindPeak: number;
  /** The VMA of this object in each address space (`i915_gem_obj_to_vma`), NONE if never bound there. */
  vmas: (VmaId | -1)[];
  /** `obj->madv`. */
  madv: Madv;
  /** The dma-buf exported from this object, or NONE. */
  dmabuf: number;
  /** Userptr: first page slot of the user range in `mm.slots` (the interval notifier's range), or NONE. */
  ustart: number;
  /** Userptr: `interval->invalidate_seq`, the last sequence the notifier was told (mmu_interval_set_seq). */
  useq: number;
  /**
   * Userptr: the pending work item (i915 `obj->userptr.work`): NONE, or the id of a queued
   * get-pages or cancel work. Cancelling resets it, so a worker holding an older id knows.
   */
  work: number;
  /** Userptr: what the pending work does (`WORK.*`). */
  workKind: number;
  /** Userptr: pages the get-pages worker pinned, not yet published. */
  workPages: PageId[];
  /** Userptr: the notifier sequence the current pages were gathered under (amdgpu's invalidation counter snapshot). */
  pagesSeq: number;
  /** `obj->dirty`: a GPU job may have written the pages; put_pages must `set_page_dirty` them. */
  dirty: boolean;
  /**
   * Live DMA mappings of this object's own sg tables. A counter the DMA primitives keep, so the
   * single-mapping check does not rescan every mapping ever made.
   */
  liveMaps: number;
  /** Unsignaled fences whose jobs use this object. */
  active: number;
  /** Step at which a primitive last changed this object (incremental invariant checking). */
  touched: number;
}

/** `struct i915_vma`. @category World */
export interface Vma {
  /** This VMA's id. */
  readonly id: VmaId;
  /** The object it binds. */
  readonly obj: ObjectId;
  /** The address space it binds into (0 is the GGTT). */
  readonly vm: VmId;
  /** PTEs written (`I915_VMA_GLOBAL_BIND | I915_VMA_LOCAL_BIND`). */
  bound: boolean;
  /** `vma->pin_count`: a pinned VMA may not be unbound (by reclaim or anyone). */
  pin: number;
  /**
   * The IOVA page each PTE points at, copied from the sg table's DMA fields at bind time (i915
   * `i915_vma_bind`): unmapping the object later does not update them, which is what makes a
   * premature unmap a use-after-unmap (commit 9490edb). NONE when cleared, `PTE_GARBAGE` when
   * written from a table that held no DMA address at all.
   */
  ptes: number[];
  /** The page each PTE was written from (NONE when cleared or garbage). */
  ptePages: number[];
  /** Unsignaled fences of jobs using this VMA (`i915_vma_is_active`). */
  active: number;
}

/** `struct dma_fence`. @category World */
export interface Fence {
  /** This fence's id. */
  readonly id: FenceId;
  /** `fence->context`: the timeline. */
  readonly context: number;
  /** `fence->seqno`: its place on the timeline (FENCE-ONCE checks in-order signalling). */
  readonly seqno: number;
  /** `DMA_FENCE_FLAG_SIGNALED_BIT`: monotone, set once. */
  signaled: boolean;
  /** Times `dma_fence_signal` was called on it (a second call is -EINVAL in the kernel). */
  signalCalls: number;
  /** The VMAs (and through them the pages) the job reads or writes until the fence signals. */
  readonly vmas: readonly VmaId[];
  /** The pages behind those VMAs' PTEs when the job was queued. */
  readonly pages: readonly PageId[];
  /** The job writes (rather than only reads) the memory. */
  readonly write: boolean;
}

/** `struct dma_resv` (a ww_mutex plus its fence slots). @category World */
export interface Resv {
  /** This reservation's id. */
  readonly id: ResvId;
  /** Context holding the ww_mutex, or NONE. */
  owner: ContextId | -1;
  /** Fences in the reservation, with their `enum dma_resv_usage` in `usages`. */
  fences: FenceId[];
  /** `enum dma_resv_usage` of each fence in `fences` (`USAGE.*`). */
  usages: number[];
}

/** A driver `struct mutex`. @category World */
export interface Mutex {
  readonly id: number;
  /** Holding context, or NONE. */
  owner: ContextId | -1;
  /** Lock class it was taken as (a nested subclass differs), for the release. */
  cls: number;
}

/** A thread of control. Its in-flight operation is the stack of frames, all plain data. @category World */
export interface Ctx {
  readonly id: ContextId;
  /** Call stack: the op's program at the bottom, programs it called above. Empty when idle. */
  stack: Frame[];
  /** The top step returned BLOCK the last time it ran (waiting for a lock, a fence, ...). */
  blocked: boolean;
  /** The object the running op looked up (and holds a reference on), or NONE. */
  ref: ObjectId | -1;
  /** Locks held, in acquisition order (lockdep's `held_locks`). */
  held: Held[];
}

export type { Frame };
