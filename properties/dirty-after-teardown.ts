import type { Event, World } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

function check(what: string) {
  return (_w: World, e: Event): string | null => {
    if (e.b === 0 && e.c === 0) return null;
    return (
      `${what}(page ${e.a} of obj#${e.obj}) while ${e.c} GPU PTE(s) and ${e.b} DMA mapping(s) ` +
      'still point at it: a stray GPU or IOMMU write after this is lost'
    );
  };
}

/**
 * DIRTY-AFTER-TEARDOWN: `set_page_dirty` / `mark_page_accessed` only once every GPU PTE and IOMMU
 * mapping of the page is gone. Vetter, seed 001: "In i915 we guarantee that we call
 * set_page_dirty/mark_page_accessed only after all the mappings are really gone (both GPU PTEs
 * and sg mapping)"; i915_gem_shmem.c put_pages order (unmap, then dirty, then release).
 */
export const dirtyAfterTeardown: Invariant = {
  code: 'DIRTY-AFTER-TEARDOWN',
  summary: 'pages are dirtied or marked accessed only after every GPU PTE and IOMMU mapping of them is gone',
  source: 'seed 001 (Vetter, dri-devel 20 Mar 2018, on i915 userptr); i915_gem_shmem.c put_pages order',
  events: { set_page_dirty: check('set_page_dirty'), mark_page_accessed: check('mark_page_accessed') },
  guard: { describe: 'a page dirtied by the driver', events: { set_page_dirty: () => true } },
};
