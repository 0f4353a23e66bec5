import { definePolicy } from './define.ts';
import { i915Programs } from './i915-2015/programs.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
import { STARVATION_PHASES } from './i915-2015/starvation.ts';

/**
 * i915 after commit e2273302 "drm/i915: avoid leaking DMA mappings" (Imre Deak, July 2015): the
 * DMA mapping of shmem and userptr objects is made in get_pages and released in put_pages, "These
 * callbacks already check for and do an early return in case of any nested calls". Binding into
 * any number of address spaces reuses the one mapping.
 */
export const i915_2015_e2273302 = definePolicy({
  name: 'i915-2015-e2273302',
  summary: 'maps the sg table once in get_pages and unmaps it in put_pages',
  source: 'commit e227330223a7721b4284c3921651bd9ca8f3581a (seed 003; review thread seed 000)',
  expects: [],
  twin: 'i915-2015-before-e2273302',
  provenance: { kind: 'commit', id: 'e227330223a7', title: 'drm/i915: avoid leaking DMA mappings' },
  phases: STARVATION_PHASES,
  simplifications: [],
  /** `get_pages`: shmem pages, DMA-mapped here (after e2273302). */
  getPages: (k, obj) => shmemGetPages(k, obj, true),
  /** `put_pages`: unmaps, then releases the shmem pages. */
  putPages: (k, obj) => shmemPutPages(k, obj, true),
  programs: i915Programs(),
});
