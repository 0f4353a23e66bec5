import type { Obj, World } from '../model/index.ts';
import { invalidatedNow, objAt, pagesCurrent, sgAt, vmaAt } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

function stale(w: World, o: Obj, pages: readonly number[], what: string): string | null {
  if (invalidatedNow(w, o)) {
    return `${what} for obj#${o.id} while its range is being invalidated and its notifier has already run: the pages are about to go`;
  }
  if (pagesCurrent(w, o, pages)) return null;
  const now = w.mm.slots.slice(o.ustart, o.ustart + o.npages).map((p) => (p >= 0 ? `page ${p}` : 'none'));
  return `${what} for obj#${o.id} with pages [${pages.join(', ')}], which the range no longer maps (it maps ${now.join(', ')}): gathered before an invalidation`;
}

/**
 * SEQ-PUBLISH: user pages gathered for a userptr object are published (as obj->pages, or in GPU
 * PTEs) only if no invalidation hit the range since they were gathered. The MMU interval notifier
 * protocol (include/linux/mmu_notifier.h: mmu_interval_read_begin / mmu_interval_read_retry under
 * the lock the callback takes for mmu_interval_set_seq; Documentation/mm/hmm.rst); i915's token
 * check in __i915_gem_userptr_get_pages_worker (v4.x); amdgpu's invalidation-counter check under
 * its notifier lock in amdgpu_cs_submit (3fe89771cb0a), which cannot see an invalidation in
 * progress (closed when amdgpu moved to HMM, 915d3eecfa23, and to the interval notifier, 2019).
 */
export const seqPublish: Invariant = {
  code: 'SEQ-PUBLISH',
  summary: 'user pages are published to the GPU only if no invalidation hit the range since they were gathered',
  source:
    'include/linux/mmu_notifier.h; Documentation/mm/hmm.rst; i915_gem_userptr.c worker token (v4.x); amdgpu_cs.c (3fe89771cb0a)',
  events: {
    userptr_publish: (w, e) => stale(w, objAt(w, e.obj), sgAt(w, e.a).pages, 'obj->pages published'),
    pte_write: (w, e) => {
      const o = objAt(w, e.obj);
      if (o.ustart < 0) return null;
      return stale(w, o, vmaAt(w, e.a).ptePages, `GPU PTEs of vma#${e.a} written`);
    },
  },
  guard: {
    describe: 'an invalidation while user pages were gathered but not yet published',
    events: { notifier_call: (_w, e) => e.c > 0 },
  },
};
