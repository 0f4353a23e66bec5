import { definePolicy } from './define.ts';
import { DISPLAY_OPS, displayPrograms } from './i915-2015/display.ts';
import { i915Programs } from './i915-2015/programs.ts';
import { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';

/**
 * i915 after commit e2273302 (`i915-2015-e2273302`), with the ioctls the built-in op kinds lack,
 * declared as the policy's own ops: the display-plane pin held across ioctls
 * (`i915_gem_object_pin_to_display_plane` / `_unpin_from_display_plane`), `set_domain`
 * (`i915_gem_set_domain_ioctl`) and `pread`/`pwrite` (`i915_gem_pread_ioctl` /
 * `i915_gem_pwrite_ioctl`, shmem path), all in drivers/gpu/drm/i915/i915_gem.c of v3.18-v4.2. The
 * shrinker skips an object with a pinned VMA, so a scanout buffer keeps its binding and its pages
 * for as long as the plane holds it (PINNED-STAYS); pread/pwrite keep the pages pinned while they
 * copy with struct_mutex dropped.
 */
export const i915_2015_e2273302_display = definePolicy({
  name: 'i915-2015-e2273302-display',
  summary: 'e2273302 with scanout pins held across ioctls, set_domain and pread/pwrite (policy ops)',
  source:
    'commit e227330223a7721b4284c3921651bd9ca8f3581a; drivers/gpu/drm/i915/i915_gem.c (v4.2): i915_gem_object_pin_to_display_plane, i915_gem_set_domain_ioctl, i915_gem_pread_ioctl, i915_gem_pwrite_ioctl',
  expects: [],
  twin: 'i915-display-shrinker-ignores-pin',
  provenance: { kind: 'commit', id: 'e227330223a7', title: 'drm/i915: avoid leaking DMA mappings' },
  simplifications: [
    'scanout: the cache-level change to uncached and the CPU write-domain flush are not modelled',
    'set_domain waits for every job using the object; domains are not tracked, so every call flushes',
    'pread/pwrite run only the slow path that drops struct_mutex around the user copy',
  ],
  /** `get_pages`: shmem pages, DMA-mapped here (after e2273302). */
  getPages: (k, obj) => shmemGetPages(k, obj, true),
  /** `put_pages`: unmaps, then releases the shmem pages. */
  putPages: (k, obj) => shmemPutPages(k, obj, true),
  programs: { ...i915Programs(), ...displayPrograms() },
  ops: DISPLAY_OPS,
});
