/**
 * mm/: page allocation and references, the process address space (mmap_lock, GUP, MMU interval
 * notifiers) and reclaim (fs_reclaim, GFP).
 * Code outside this folder imports it through this file only.
 */
export * from './address-space.ts';
export * from './pages.ts';
export * from './reclaim.ts';
