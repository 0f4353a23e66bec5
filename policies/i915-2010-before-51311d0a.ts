import { definePolicy } from './define.ts';
import { i915Programs } from './i915-2015/programs.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';

/**
 * i915 before commit 51311d0a5c69 "drm/i915: Do not hold mutex when faulting in user addresses"
 * (Nov 2010, 2.6.37-rc2; KERNEL.md B16). Upstream the splat Linus hit was a recursion in one task:
 * Xorg held struct_mutex in pread/pwrite, page-faulted on a user buffer that was itself a GTT mmap,
 * and `i915_gem_fault` took struct_mutex again ("possible recursive locking detected"). The fix
 * validates access and prefaults the user pages before taking the mutex (the 2.6.37/38-era
 * `i915_gem_pread_ioctl`: `access_ok`, `fault_in_pages_writeable`, then
 * `i915_mutex_lock_interruptible`; 96d79b527017 restates the rule).
 *
 * The model has no pread/pwrite ioctl: the user copy made under struct_mutex is execbuf's read of
 * the relocations, which stands for the pread/pwrite copy (execbuf relocations of that era were in
 * fact copied with page faults disabled, with a fallback outside the mutex, ebc0808fa2da). A GTT
 * fault in another task takes the two locks the other way, so lockdep's ABBA between two threads is
 * what shows: the same lock order the one-task recursion breaks. The GEM paths are otherwise those
 * after e2273302, so that only this inversion shows. The 51311d0a diff itself was not read.
 */
export const i915_2010_before_51311d0a = definePolicy({
  name: 'i915-2010-before-51311d0a',
  summary:
    'copies from user memory (may fault) under struct_mutex, as pread/pwrite did; the GTT fault handler takes struct_mutex under mmap_lock',
  source:
    'commit 51311d0a5c69adaec582080ad8d9b174a44dfd7a "drm/i915: Do not hold mutex when faulting in user addresses" fixed it (pread/pwrite, 2010; KERNEL.md B16)',
  expects: ['LOCK-ORDER'],
  twin: 'i915-2010-51311d0a',
  provenance: {
    kind: 'commit',
    id: '51311d0a5c69',
    title: 'drm/i915: Do not hold mutex when faulting in user addresses',
    before: true,
  },
  simplifications: [
    "The copy under struct_mutex is execbuf's relocation read, standing for pread/pwrite's copy (the model has no pread ioctl).",
    'Upstream the splat was a recursion within one task (a GTT-mmapped user buffer); the model shows the same lock order as an ABBA between two tasks.',
    'The GEM paths are those after e2273302 (2015), so that only this inversion shows.',
  ],
  /** `get_pages`: shmem pages, DMA-mapped here (after e2273302). */
  getPages: (k, obj) => shmemGetPages(k, obj, true),
  /** `put_pages`: unmaps, then releases the shmem pages. */
  putPages: (k, obj) => shmemPutPages(k, obj, true),
  programs: i915Programs({ relocs: 'under-locks' }),
});
