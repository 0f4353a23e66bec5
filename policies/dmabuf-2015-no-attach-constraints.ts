import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * dma-buf without the attacher-constraints check. Sumit Semwal's RFC shared the attachers' constraints
 * through dma-parms so the exporter could refuse what a device cannot take (RFCv2 2/2, Message-Id
 * 1421813807-9178-3-git-send-email-sumit.semwal@linaro.org, 21 Jan 2015; RFCv3 series
 * 1422347154-15258-1-git-send-email-sumit.semwal@linaro.org; Vetter's reply is seed 002); it was
 * never merged. Here an importer whose device takes one contiguous segment of at most two pages
 * attaches and maps whatever the buffer is. The later contract (include/linux/dma-buf.h, kerneldoc of
 * `attach`) says exporters *should* fail impossible attaches; real importers
 * (`drm_gem_cma_prime_import_sg_table`, exynos, mediatek) check contiguity after mapping instead, and
 * SEG-CONSTRAINTS' attach half follows the RFC, not what those importers do.
 *
 * No importer bug is known from this: 32f0a982650b "drm/i915: Call dma_set_max_seg_size() in
 * i915_driver_hw_probe()" (2019) was a dma-debug false positive on i915's own mappings (i915 had not
 * declared its unlimited max segment size, so dma-debug assumed 64 KiB; the fix declared UINT_MAX).
 */
export const no_attach_constraints = dmabufDriver({
  name: 'dmabuf-2015-no-attach-constraints',
  summary:
    "unmerged RFC design (2015): attach and map ignore the importer's segment size, count and contiguity; dma-buf.h later says exporters should check",
  source:
    'seed 002 (attacher constraints RFC, Message-Id 1421813807-9178-3-git-send-email-sumit.semwal@linaro.org, never merged); include/linux/dma-buf.h attach; KERNEL.md B08',
  expects: ['SEG-CONSTRAINTS'],
  twin: 'dmabuf-reference-exporter',
  provenance: {
    kind: 'design',
    thread: 'Message-Id 1421813807-9178-3-git-send-email-sumit.semwal@linaro.org (RFCv2 2/2); seed 002',
    title: 'sharing attacher constraints through dma-parms (Semwal RFC, Jan 2015, never merged)',
  },
  simplifications: [
    "SEG-CONSTRAINTS' attach half follows the RFC: an importer that maps, finds the table unusable and detaches with -EINVAL (what real importers do) is not modelled.",
  ],
  checkConstraints: false,
});
