import { definePolicy } from './define.ts';
import { i915Programs } from './i915-2015/programs.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';

/**
 * i915 before commit 51311d0a5c69 "drm/i915: Do not hold mutex when faulting in user addresses"
 * (the recursive struct_mutex splat Linus hit; KERNEL.md B16): execbuf read relocations from user
 * memory holding struct_mutex (struct_mutex → mmap_lock), while a fault on a GTT mmap takes
 * struct_mutex with mmap_lock held (mmap_lock → struct_mutex): an ABBA between two threads. The GEM
 * paths are otherwise those after e2273302, so that only this inversion shows.
 */
export const i915_relocs_under_mutex = definePolicy({
  name: 'i915-2013-before-51311d0a',
  summary: 'execbuf faults in user memory under struct_mutex; the GTT fault handler takes them the other way',
  source: 'commit 51311d0a5c69adaec582080ad8d9b174a44dfd7a fixed it (KERNEL.md B16)',
  expects: ['LOCK-ORDER'],
  twin: 'i915-2015-e2273302',
  getPages: (k, obj) => shmemGetPages(k, obj, true),
  putPages: (k, obj) => shmemPutPages(k, obj, true),
  programs: i915Programs({ relocs: 'under-locks' }),
});
