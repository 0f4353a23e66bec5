/**
 * drivers/gpu/drm: GEM objects and their pages, VMAs and their PTEs, the GPU running jobs.
 * Code outside this folder imports it through this file only.
 */
export * from './gem.ts';
export * from './gpu.ts';
export * from './vma.ts';
