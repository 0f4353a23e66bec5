import { gk20aDriver } from './nouveau-gk20a/policy.ts';

/**
 * nouveau on the Tegra K1 GPU with the BO syncs (`nouveau_bo_sync_for_device` in validate and
 * CPU_FINI, `nouveau_bo_sync_for_cpu` in CPU_PREP) but every BO still streaming memory: a client that
 * polls a fence value the GPU writes into a BO, through its mapping and without CPU_PREP, never sees
 * it. 996f545fbb0d ("drm/nouveau/gem: allow user-space to specify an object should be coherent",
 * freedesktop.org bug 86690): "User-space use mappable BOs notably for fences, and expects that a
 * value update by the GPU will be immediatly visible through the user-space mapping". On ARM the
 * failure came through mismatched memory attributes (an uncached user mapping of pages the kernel's
 * linear map holds cached, "an undefined caching policy"); the model does not hold memory
 * attributes and shows the outcome: the CPU's read is served from its cache, not from what the GPU
 * wrote to RAM.
 */
export const nouveau_gk20a_streaming_fences = gk20aDriver({
  name: 'nouveau-2015-before-996f545fbb0d',
  summary: 'non-coherent GPU: BOs synced at CPU_PREP/FINI, but a fence BO userspace polls is streaming memory',
  source: 'commit 996f545fbb0d (fd.o bug 86690); c3a0c771e582; nouveau_bo.c nouveau_bo_sync_for_cpu/device',
  expects: ['BOUNCE-COHERENT'],
  twin: 'nouveau-2015-996f545fbb0d',
  provenance: {
    kind: 'commit',
    id: '996f545fbb0d',
    title: 'drm/nouveau/gem: allow user-space to specify an object should be coherent',
    before: true,
  },
  simplifications: [
    'The model holds no memory attributes: the mismatched-attribute failure on ARM shows as the CPU reading its cached copy instead of what the GPU wrote to RAM.',
  ],
  populate: 'streaming',
  syncs: true,
});
