import { dmabufDriver } from './dmabuf/policy.ts';

/**
 * dma-buf without the attacher-constraints check (the RFC of Sumit Semwal, Jan 2015, discussed in
 * seed 002, was never merged): an importer whose device takes one contiguous segment of at most two
 * pages attaches and maps whatever the buffer is. i915 hit the segment-size half for real:
 * `mapping sg segment longer than device claims to support [len=98304] [max=65536]` (fixed by
 * 32f0a982650b; KERNEL.md B08).
 */
export const no_attach_constraints = dmabufDriver({
  name: 'dmabuf-2015-no-attach-constraints',
  summary: "attach and map ignore the importer's segment size, count and contiguity",
  source: 'seed 002 (attacher constraints RFC, never merged); commit 32f0a982650b; KERNEL.md B08',
  expects: ['SEG-CONSTRAINTS'],
  twin: 'dmabuf-2021-exporter',
  checkConstraints: false,
});
