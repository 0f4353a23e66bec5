/**
 * README example: an operation of your own. The 2015 i915 GEM programs, plus the display-plane pin
 * that outlives its ioctl (i915_gem_object_pin_to_display_plane in drivers/gpu/drm/i915/i915_gem.c),
 * which no built-in op kind models: the policy declares it in `ops` and supplies its program. The
 * shrinker must then skip the pinned scanout buffer (PINNED-STAYS). The built-in
 * `i915-2015-e2273302-display` policy declares it with unpin, set_domain and pread/pwrite too.
 */
import {
  BLOCK,
  definePolicy,
  i915Programs,
  MUTEX,
  mutexLock,
  mutexUnlock,
  NONE,
  objAt,
  program,
  shmemGetPages,
  shmemPutPages,
  usable,
  vmaAt,
  vmaPin,
} from 'dmacheck';

export default definePolicy({
  name: 'example-scanout-pin',
  summary: 'e2273302 plus a scanout pin held across ioctls (an op of its own)',
  source: 'drivers/gpu/drm/i915/i915_gem.c: i915_gem_object_pin_to_display_plane (v4.2)',
  expects: [],
  getPages: (k, obj) => shmemGetPages(k, obj, true),
  putPages: (k, obj) => shmemPutPages(k, obj, true),
  programs: {
    ...i915Programs(),
    pin_for_scanout: program('pin_for_scanout', {
      lock: (k) => (mutexLock(k, MUTEX.struct_mutex) < 0 ? BLOCK : undefined),
      bind: (k, f) => k.call('vma_bind', f.obj, 0, 0), // into the GGTT
      pin: (k, f) => {
        const vma = objAt(k.w, f.obj).vmas[0] ?? NONE;
        if (vma !== NONE && vmaAt(k.w, vma).bound) vmaPin(k, vma); // held after the ioctl returns
      },
      unlock: (k) => mutexUnlock(k, MUTEX.struct_mutex),
    }),
  },
  ops: [
    {
      kind: 'pin_for_scanout', // recorded in traces; starts the program of the same name
      contexts: ['U0', 'U1'],
      summary: 'pin an object into the GGTT for scanout',
      lookup: true, // the ioctl holds a reference on the object while it runs
      weight: 2, // beside the built-in mix (bind 5, unbind 3, ...)
      domain: { ctx: 'user', obj: true, vm: 'none', arg: 'none', preempt: true },
      phrase: 'pins obj#{obj} for scanout',
      ready: (w, op) => usable(w, op.obj),
    },
  ],
});
