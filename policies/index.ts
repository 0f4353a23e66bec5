import type { Policy } from '../model/index.ts';
import { amdgpu_before_1ed3d256 } from './amdgpu-2018-before-1ed3d2567c80.ts';
import { amdgpu_2018_mn } from './amdgpu-2018-mn-keeps-sg.ts';
import { amdgpu_sched_gfp_atomic } from './amdgpu-2020-sched-gfp-atomic.ts';
import { amdgpu_sched_gfp_kernel } from './amdgpu-2020-sched-gfp-kernel.ts';
import { amdgpu_job_embedded_fence } from './amdgpu-2021-job-embedded-hw-fence.ts';
import {
  corpus_dynamic_importer,
  corpus_partial_sync,
  corpus_rx_buffer_recycle,
  corpus_streaming_map_unmap,
  corpus_sync_every_submit,
  corpus_tx_buffer_reuse,
} from './corpus/index.ts';
import { no_attach_constraints } from './dmabuf-2015-no-attach-constraints.ts';
import { detach_double_unmap } from './dmabuf-importer-detach-double-unmap.ts';
import { dmabuf_reference_exporter } from './dmabuf-reference-exporter.ts';
import { exporter_cached_sg } from './exporter-2015-cached-sg.ts';
import { i915_2010_51311d0a } from './i915-2010-51311d0a.ts';
import { i915_2010_before_51311d0a } from './i915-2010-before-51311d0a.ts';
import { i915_2013_before_9490edb } from './i915-2013-before-9490edb.ts';
import { i915_2015_before_e2273302 } from './i915-2015-before-e2273302.ts';
import { i915_2015_e2273302 } from './i915-2015-e2273302.ts';
import { i915_2015_e2273302_display } from './i915-2015-e2273302-display.ts';
import { i915_2015_userptr_async } from './i915-2015-userptr-380996aa.ts';
import { i915_2019_userptr } from './i915-2019-userptr-484d9a8.ts';
import { i915_2019_userptr_seq } from './i915-2019-userptr-interval-seq.ts';
import { i915_2021_shrinker } from './i915-2021-shrinker-trylock.ts';
import { i915_display_shrinker_ignores_pin } from './i915-display-shrinker-ignores-pin.ts';
import { i915_userptr_dirty_first } from './i915-userptr-dirty-before-unmap.ts';
import { i915_userptr_no_token } from './i915-userptr-worker-without-token.ts';
import { importer_ignores_move } from './importer-ignores-move-notify.ts';
import { nouveau_gk20a_no_sync } from './nouveau-2014-gk20a-before-sync.ts';
import { nouveau_gk20a_coherent } from './nouveau-2015-996f545fbb0d.ts';
import { nouveau_gk20a_streaming_fences } from './nouveau-2015-before-996f545fbb0d.ts';
import { nouveau_fault_under_resv } from './nouveau-2019-pushbuf-fault-under-resv.ts';
import { nouveau_slowpath } from './nouveau-2019-pushbuf-slowpath.ts';
import { RENAMED } from './renamed.ts';
import { shrinker_blocking } from './shrinker-blocking-resv-lock.ts';
import { shrinker_purge_unfenced } from './shrinker-purge-unfenced.ts';
import { streaming_no_sync_for_cpu } from './streaming-importer-no-sync-for-cpu.ts';
import { sync_region_short } from './streaming-sync-nonconservative-region.ts';
import { ttm_before_42e67b479eab } from './ttm-2020-before-42e67b479eab.ts';
import { vfio_revoke_no_wait } from './vfio-2025-revoke-no-wait.ts';
import { vfio_revoke_bookkeep } from './vfio-2026-revoke-waits-bookkeep.ts';
import { vfio_revoke_kernel } from './vfio-2026-revoke-waits-kernel.ts';
import { vmwgfx_2024_4c08f01934ab } from './vmwgfx-2024-4c08f01934ab.ts';
import { vmwgfx_intel_iommu_proxy } from './vmwgfx-intel-iommu-proxy.ts';
import { gpusvm_unwind } from './xe-2025-gpusvm-556dba95.ts';
import { gpusvm_leak } from './xe-2025-gpusvm-before-556dba95.ts';

/**
 * The built-in policies, keyed by name (a test checks each key is its policy's name). The CLI, the
 * fuzz tests and the docs iterate this object; adding a policy is adding it here.
 * @category Policies
 */
export const policies = {
  'i915-2015-e2273302': i915_2015_e2273302,
  'i915-2015-before-e2273302': i915_2015_before_e2273302,
  'i915-2013-before-9490edb': i915_2013_before_9490edb,
  'i915-2019-userptr-interval-seq': i915_2019_userptr_seq,
  'i915-2019-userptr-484d9a8': i915_2019_userptr,
  'i915-2015-userptr-380996aa': i915_2015_userptr_async,
  'i915-userptr-worker-without-token': i915_userptr_no_token,
  'i915-userptr-dirty-before-unmap': i915_userptr_dirty_first,
  'i915-2021-shrinker-trylock': i915_2021_shrinker,
  'shrinker-blocking-resv-lock': shrinker_blocking,
  'shrinker-purge-unfenced': shrinker_purge_unfenced,
  'amdgpu-2018-mn-keeps-sg': amdgpu_2018_mn,
  'amdgpu-2018-before-1ed3d2567c80': amdgpu_before_1ed3d256,
  'amdgpu-2020-sched-gfp-atomic': amdgpu_sched_gfp_atomic,
  'amdgpu-2020-sched-gfp-kernel': amdgpu_sched_gfp_kernel,
  'amdgpu-2021-job-embedded-hw-fence': amdgpu_job_embedded_fence,
  'nouveau-2019-pushbuf-slowpath': nouveau_slowpath,
  'nouveau-2019-pushbuf-fault-under-resv': nouveau_fault_under_resv,
  'i915-2010-51311d0a': i915_2010_51311d0a,
  'i915-2010-before-51311d0a': i915_2010_before_51311d0a,
  'dmabuf-reference-exporter': dmabuf_reference_exporter,
  'xe-2025-gpusvm-556dba95': gpusvm_unwind,
  'xe-2025-gpusvm-before-556dba95': gpusvm_leak,
  'exporter-2015-cached-sg': exporter_cached_sg,
  'ttm-2020-before-42e67b479eab': ttm_before_42e67b479eab,
  'dmabuf-2015-no-attach-constraints': no_attach_constraints,
  'dmabuf-importer-detach-double-unmap': detach_double_unmap,
  'streaming-importer-no-sync-for-cpu': streaming_no_sync_for_cpu,
  'vfio-2026-revoke-waits-kernel': vfio_revoke_kernel,
  'vfio-2025-revoke-no-wait': vfio_revoke_no_wait,
  'vfio-2026-revoke-waits-bookkeep': vfio_revoke_bookkeep,
  'streaming-sync-nonconservative-region': sync_region_short,
  'importer-ignores-move-notify': importer_ignores_move,
  'nouveau-2015-996f545fbb0d': nouveau_gk20a_coherent,
  'nouveau-2015-before-996f545fbb0d': nouveau_gk20a_streaming_fences,
  'nouveau-2014-gk20a-before-sync': nouveau_gk20a_no_sync,
  'corpus-streaming-map-unmap': corpus_streaming_map_unmap,
  'corpus-tx-buffer-reuse': corpus_tx_buffer_reuse,
  'corpus-rx-buffer-recycle': corpus_rx_buffer_recycle,
  'corpus-partial-sync': corpus_partial_sync,
  'corpus-dynamic-importer': corpus_dynamic_importer,
  'corpus-sync-every-submit': corpus_sync_every_submit,
  'i915-2015-e2273302-display': i915_2015_e2273302_display,
  'i915-display-shrinker-ignores-pin': i915_display_shrinker_ignores_pin,
  'vmwgfx-2024-4c08f01934ab': vmwgfx_2024_4c08f01934ab,
  'vmwgfx-intel-iommu-proxy': vmwgfx_intel_iommu_proxy,
} as const satisfies Record<string, Policy>;

/** The name of a built-in policy: a key of `policies`. @category Policies */
export type PolicyName = keyof typeof policies;
/** The built-in policies' names, in registry order. @category Policies */
export const POLICY_NAMES = Object.keys(policies) as PolicyName[];

/**
 * True when `name` is a built-in policy's current name (see `resolvePolicyName` for renamed ones).
 * @category Policies
 */
export function isPolicyName(name: string): name is PolicyName {
  return Object.hasOwn(policies, name);
}

/**
 * The built-in policy a name stands for: its own, or the one an old name was renamed to (RENAMED),
 * so that saved traces, `--policy` and twins keep working across a rename. Undefined when neither.
 * @category Policies
 */
export function resolvePolicyName(name: string): PolicyName | undefined {
  if (isPolicyName(name)) return name;
  const renamed = Object.hasOwn(RENAMED, name) ? RENAMED[name] : undefined;
  return renamed !== undefined && isPolicyName(renamed) ? renamed : undefined;
}

/** The clean policy a buggy one leads to, following `twin` through intermediate fixes. @category Policies */
export function fixedTwin(p: Policy): Policy | undefined {
  const seen = new Set<string>();
  let cur: Policy | undefined = p;
  while (cur !== undefined && !seen.has(cur.name)) {
    seen.add(cur.name);
    if (cur.expects.length === 0 && cur !== p) return cur;
    const twin: PolicyName | undefined = cur.twin === undefined ? undefined : resolvePolicyName(cur.twin);
    cur = twin === undefined ? undefined : (policies[twin] as Policy);
  }
  return undefined;
}

export { CORPUS, type CorpusName } from './corpus/index.ts';
export { definePolicy } from './define.ts';
export { type DmaBufPolicy, dmabufDriver } from './dmabuf/policy.ts';
export type { DmaBufVariant } from './dmabuf/variant.ts';
export { type ResvVariant, resvDriver } from './gem-resv/policy.ts';
export { DISPLAY_OPS, displayPrograms } from './i915-2015/display.ts';
export type { I915Parts } from './i915-2015/parts.ts';
export { i915Programs } from './i915-2015/programs.ts';
export { shmemGetPages, shmemPutPages } from './i915-2015/shmem.ts';
export { i915Userptr, USERPTR_RACE_WEIGHTS, type UserptrVariant } from './i915-userptr/policy.ts';
export { ALL_PLATFORMS, expectsOn, platformsOf, VMWARE_PLATFORMS, X86_PLATFORMS } from './platforms.ts';
export { RENAMED } from './renamed.ts';
