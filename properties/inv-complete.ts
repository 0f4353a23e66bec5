import { objAt } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/**
 * INV-COMPLETE: when a blockable `invalidate()` callback returns, the device can no longer reach
 * the range's old pages: no GPU PTE of the object is bound and no job using it is still running.
 * include/linux/mmu_notifier.h ("Upon return the caller must stop using any SPTEs"),
 * Documentation/mm/hmm.rst ("The device must complete the update before the driver callback
 * returns"); commit 380996aab50e admitted "a small but definite period in time in which the old
 * PTE's page remain accessible via the GPU" (fixed by 484d9a844d0d).
 */
export const invComplete: Invariant = {
  code: 'INV-COMPLETE',
  summary: "when an MMU-notifier callback returns, no GPU PTE and no running job reaches the range's old pages",
  source: 'include/linux/mmu_notifier.h; Documentation/mm/hmm.rst; commits 380996aab50e, 484d9a844d0d',
  events: {
    notifier_return: (w, e) => {
      const o = objAt(w, e.obj);
      if (e.b === 0 || (o.bindCount === 0 && o.active === 0)) return null;
      return (
        `obj#${o.id}'s invalidate() returned while ${o.bindCount} VMA(s) still have GPU PTEs to the old pages ` +
        `and ${o.active} job(s) may still access them`
      );
    },
  },
  guard: {
    describe: 'an invalidation of a range the GPU is bound to or busy with',
    events: { notifier_call: (_w, e) => e.a > 0 || e.b > 0 },
  },
};
