/**
 * The places where the dma-buf catalogue's drivers went wrong, each a knob of the dma-buf programs
 * (the defaults are the correct behaviour).
 * @category Policies
 */
export interface DmaBufVariant {
  /**
   * The exporter refuses an attachment whose constraints it cannot meet (attach and map fail with
   * -EINVAL), as the attacher-constraints RFC proposed (seed 002); `false` maps anyway (KERNEL.md B08).
   */
  readonly checkConstraints?: boolean;
  /**
   * The exporter builds and maps a table per attachment ("each attachment has its own sg-list",
   * seed 002); `true` caches the first attachment's mapped table and hands it to every attachment.
   */
  readonly sharedSg?: boolean;
  /**
   * How the importer turns the table into page addresses: by DMA segment (`for_each_sgtable_dma_sg`;
   * the address walk since 42e67b479eab, both walks since c0f83d164fb8), or one DMA entry per page, as
   * drm_prime_sg_to_page_addr_arrays did before 42e67b479eab (KERNEL.md B07).
   */
  readonly walk?: 'segments' | 'one-entry-per-page';
  /** detach unmaps the attachment only if it is still mapped; `true` unmaps regardless (KERNEL.md B09). */
  readonly detachUnmapsAlways?: boolean;
  /**
   * A streaming importer (a device without coherent DMA, or behind SWIOTLB) hands the buffer to its
   * device before its DMA (`dma_sync_sgtable_for_device`) and back to the CPU after it
   * (`dma_sync_sgtable_for_cpu`), as videobuf2's prepare/finish do; `false` forgets the sync for the
   * CPU, and what the device wrote stays in the bounce buffer (the rule of the udmabuf fix, KERNEL.md B12).
   */
  readonly syncAfterDma?: boolean;
  /**
   * What a streaming importer syncs around a job: the pages the job accessed, the whole table or,
   * for a job on a sub-region, that range (`dma_sync_single_range_for_*`, seed 004: "the sync
   * operations would often affect sub-regions of 2D and 3D textures"); `'first-page'` always syncs
   * the first page only, a region that is not conservative ("graphics applications, do not always
   * provide conservative sync regions", seed 004), and the rest of a whole-buffer write stays behind.
   */
  readonly syncRegion?: 'accessed' | 'first-page';
  /**
   * What the exporter waits for before releasing moved-away backing: every fence (BOOKKEEP), KERNEL
   * ones only (vfio v3 6/7, KERNEL.md B13), or nothing (vfio-pci's revoke as merged in 5d74781ebc86).
   */
  readonly moveWaits?: 'bookkeep' | 'kernel' | 'none';
  /** A dynamic importer drops its mapping and page tables in move_notify; `false` keeps using them. */
  readonly honourMoveNotify?: boolean;
}
