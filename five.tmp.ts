import { CONTEXTS, type ContextId } from './model/index.ts';
import { policies } from './policies/index.ts';
import { invariants } from './properties/index.ts';
import { loadHasher, search } from './verify/index.ts';
const h = await loadHasher();
const p = policies['i915-2015-userptr-380996aa'];
for (const code of ['INV-COMPLETE', 'SEQ-PUBLISH', 'INV-NO-STALE-IOMMU']) {
  const mask = new Set(Object.keys(invariants).filter((c) => c !== code));
  const r = await search(p, { depth: 4, objects: 2, vms: 2, contexts: CONTEXTS.map((_, i) => i as ContextId), preempt: 12 }, h, mask);
  console.log(code, r.found ? `${r.found.ops.length} ops: ${r.found.ops.map((o) => `${o.kind}/${CONTEXTS[o.ctx]}/${o.obj}/${o.vm}/${o.arg}/${o.run}`).join(' ')}` : 'none within 4', r.stats.states, r.stats.elapsedMs);
}
