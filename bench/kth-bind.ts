import { DIR, dmaMapSg, E, GPU, NONE, objAt, type Policy, type World } from '../model/index.ts';
import { definePolicy, i915Programs, shmemGetPages, shmemPutPages } from '../policies/index.ts';

/**
 * Synthetic bugs that need longer sequences, for the cost-growth table (bench only, not in the
 * registry): the fixed i915 2015 policy, except that from the k-th bind of a run on, bind maps the
 * object's sg table again (B01's mistake). The first k - 1 binds are correct, so a counterexample
 * needs at least k binds, hence about k + k/3 ops with three address spaces. The bind count lives
 * beside the world, keyed by it: each run (and each replay while shrinking) starts from zero.
 */
const binds = new WeakMap<World, number>();

export function kthBindPolicy(k: number): Policy {
  return definePolicy({
    name: `bench-remap-from-bind-${k}`,
    summary: `the fixed i915 2015 policy, but every bind from the ${k}th on maps the sg table again`,
    source: 'synthetic (bench/kth-bind.ts), after B01',
    expects: ['MAP-SINGLE', 'NO-LEAK'],
    getPages: (kn, obj) => shmemGetPages(kn, obj, true),
    putPages: (kn, obj) => shmemPutPages(kn, obj, true),
    programs: i915Programs({
      prepareBind: (kn, obj) => {
        const n = (binds.get(kn.w) ?? 0) + 1;
        binds.set(kn.w, n);
        const sg = objAt(kn.w, obj).sg;
        if (n < k || sg === NONE) return 0;
        return dmaMapSg(kn, sg, GPU, DIR.BIDIRECTIONAL) > 0 ? 0 : E.NOSPC;
      },
    }),
  });
}
