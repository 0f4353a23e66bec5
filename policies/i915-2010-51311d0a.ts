import { definePolicy } from './define.ts';
import { i915Programs } from './i915-2015/programs.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';

/**
 * i915 after commit 51311d0a5c69 "drm/i915: Do not hold mutex when faulting in user addresses"
 * (Nov 2010): the user memory is validated and prefaulted (`access_ok`, `fault_in_pages_writeable`)
 * before struct_mutex is taken, so no page fault runs under the mutex and the GTT fault handler's
 * mmap_lock → struct_mutex is the only order. As in `i915-2010-before-51311d0a`, execbuf's
 * relocation read stands for the pread/pwrite copy; here it runs before any lock
 * (`relocs: 'before-locks'`, the knob `nouveau-2019-pushbuf-slowpath` uses).
 */
export const i915_2010_51311d0a = definePolicy({
  name: 'i915-2010-51311d0a',
  summary: 'prefaults the user memory before taking struct_mutex (pread/pwrite after 51311d0a5c69)',
  source:
    'commit 51311d0a5c69adaec582080ad8d9b174a44dfd7a "drm/i915: Do not hold mutex when faulting in user addresses" (KERNEL.md B16)',
  expects: [],
  twin: 'i915-2010-before-51311d0a',
  provenance: {
    kind: 'commit',
    id: '51311d0a5c69',
    title: 'drm/i915: Do not hold mutex when faulting in user addresses',
  },
  simplifications: [
    "The prefaulted copy is execbuf's relocation read, standing for pread/pwrite's (the model has no pread ioctl).",
    'The GEM paths are those after e2273302 (2015).',
  ],
  /** `get_pages`: shmem pages, DMA-mapped here (after e2273302). */
  getPages: (k, obj) => shmemGetPages(k, obj, true),
  /** `put_pages`: unmaps, then releases the shmem pages. */
  putPages: (k, obj) => shmemPutPages(k, obj, true),
  programs: i915Programs({ relocs: 'before-locks' }),
});
