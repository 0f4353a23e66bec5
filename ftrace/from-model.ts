import { replayTrace, type Trace } from '../fuzz/index.ts';
import {
  CONTEXTS,
  DMA_DIRS,
  EV,
  type Event,
  type Mapping,
  type Policy,
  SYNC,
  SYNC_FOR_CPU,
  SYNC_PAST_SEGMENT,
  SYNC_RANGE,
  UNMAP,
  type World,
} from '../model/index.ts';

/**
 * A replayed counterexample written as the ftrace log a kernel with the dma and dma_fence events
 * enabled would print (the formats of events.ts), so that `dmacheck trace` can read what the model
 * did: the model and the checker of real traces speak one language.
 *
 * Addresses: a page is 4 KiB; page p is at physical 0x100000000 + p * 4096; an IOVA page i at DMA
 * address 0x80000000 + i * 4096; on a device without IOMMU the DMA address is the physical one.
 *
 * What the model records is what debug.c's checks see, not every argument of the call: an unmap or
 * sync event holds its outcome, not the direction or count the driver passed. Where the outcome is a
 * mismatch, the log shows a value that differs from the mapping's (another direction, one entry
 * less or more, one page more), which is what the outcome says and no more. Events the kernel does
 * not trace are not written: a second dma_fence_signal (dma-fence.c traces only the first), a map
 * that failed (dma_map_sg_err is left out), and everything that is not a DMA-API call (binds, page
 * releases, locks), so NO-LEAK, which the model judges at put_pages and object free, shows in the
 * log only as a mapping still live where the log ends.
 */
export function ftraceOfTrace(trace: Trace, policy: Policy): string {
  const lines: string[] = [
    '# tracer: nop',
    `# dmacheck ${trace.policy} ${trace.expect.code}: replayed on ${policy.name}, written as ftrace events`,
    '#',
    '#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION',
    '#              | |         |   |||||     |         |',
  ];
  replayTrace(trace, policy, {
    onStep: (w, s) => {
      for (const e of s.events) {
        const payload = render(w, e);
        if (payload === null) continue;
        const ctx = CONTEXTS[s.ctx] ?? String(s.ctx);
        const us = w.step * 10;
        const ts = `${100 + Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
        lines.push(`${`dmacheck-${ctx}`.padStart(16)}-${100 + s.ctx}   [00${s.ctx % 10}] .....  ${ts}: ${payload}`);
      }
    },
  });
  return `${lines.join('\n')}\n`;
}

const PAGE = 4096;
const phys = (page: number): number => 0x100000000 + page * PAGE;
const hex = (n: number): string => n.toString(16);
const arr = (xs: readonly number[]): string => `{${xs.map((x) => `0x${hex(x)}`).join(',')}}`;

/** The DMA address of page k of a mapping. */
function dmaOf(m: Mapping, k: number): number {
  const a = m.addrs[k] ?? 0;
  return m.iova === -1 ? phys(a) : 0x80000000 + a * PAGE;
}

/** DMA address and length of each segment. */
function segments(m: Mapping): { dmas: number[]; sizes: number[] } {
  const dmas: number[] = [];
  const sizes: number[] = [];
  let k = 0;
  for (const n of m.segs) {
    dmas.push(dmaOf(m, k));
    sizes.push(n * PAGE);
    k += n;
  }
  return { dmas, sizes };
}

/** Physical address of each CPU entry of a table. */
function cpuEntries(w: World, sg: number): number[] {
  const t = w.sgs[sg];
  if (t === undefined) return [];
  const out: number[] = [];
  let k = 0;
  for (const n of t.segs) {
    out.push(phys(t.pages[k] ?? 0));
    k += n;
  }
  return out;
}

const dirName = (d: number): string => DMA_DIRS[d] ?? 'NONE';
/** A direction other than the mapping's, for an outcome that says the call passed another. */
const otherDir = (d: number): string => (dirName(d) === 'BIDIRECTIONAL' ? 'TO_DEVICE' : 'BIDIRECTIONAL');
const devName = (w: World, d: number): string => w.devices[d]?.name ?? `dev${d}`;

function render(w: World, e: Event): string | null {
  switch (e.kind) {
    case EV.dma_map_sg: {
      const m = w.mappings[e.a];
      if (m === undefined) return null;
      const dev = devName(w, m.dev);
      if (m.kind === 'single') {
        const p = w.sgs[m.sg]?.pages[0] ?? 0;
        return `dma_map_phys: ${dev} dir=${dirName(m.dir)} dma_addr=${hex(dmaOf(m, 0))} size=${m.npages * PAGE} phys_addr=${hex(phys(p))} attrs=`;
      }
      const { dmas, sizes } = segments(m);
      const n = m.nents;
      const ents = m.mappedEnts;
      return `dma_map_sg: ${dev} dir=${dirName(m.dir)} nents=${n}/${n} ents=${ents}/${ents} dma_addrs=${arr(dmas)} sizes=${arr(sizes)} phys_addrs=${arr(cpuEntries(w, m.sg))} attrs=`;
    }
    case EV.dma_unmap_sg:
      return unmapLine(w, e, false);
    case EV.dma_alloc_coherent: {
      const m = w.mappings[e.a];
      if (m === undefined) return null;
      return `dma_alloc: ${devName(w, m.dev)} dir=BIDIRECTIONAL dma_addr=${hex(dmaOf(m, 0))} size=${m.npages * PAGE} virt_addr=${hex(0xc0de0000 + m.id).padStart(16, '0')} flags=GFP_KERNEL attrs=`;
    }
    case EV.dma_free_coherent:
      return unmapLine(w, e, true);
    case EV.dma_sync:
      return syncLine(w, e);
    case EV.fence_signal: {
      if (e.b === 1) return null; // a second dma_fence_signal is not traced
      const f = w.fences[e.a];
      if (f === undefined) return null;
      return `dma_fence_signaled: driver=dmacheck timeline=${devName(w, 0)} context=${f.context} seqno=${f.seqno}`;
    }
    default:
      return null;
  }
}

/** dma_unmap_sg, dma_unmap_phys or dma_free, with what the outcome says differed from the map. */
function unmapLine(w: World, e: Event, free: boolean): string | null {
  const m = e.a < 0 ? undefined : w.mappings[e.a];
  const dev = devName(w, e.d);
  const outcome = e.b;
  if (m === undefined) {
    // Nothing live for the table: the unmap of a table never mapped (or already unmapped).
    const ps = cpuEntries(w, e.c);
    return free ? null : `dma_unmap_sg: ${dev} dir=BIDIRECTIONAL phys_addrs=${arr(ps)} attrs=`;
  }
  const dir = (outcome & UNMAP.WRONG_DIR) !== 0 ? otherDir(m.dir) : dirName(m.dir);
  const size = (m.npages + ((outcome & UNMAP.WRONG_SIZE) !== 0 ? 1 : 0)) * PAGE;
  const kind = (outcome & UNMAP.WRONG_FUNCTION) !== 0 ? (free ? 'sg' : 'coherent') : free ? 'coherent' : m.kind;
  if (kind === 'coherent') {
    return `dma_free: ${dev} dir=BIDIRECTIONAL dma_addr=${hex(dmaOf(m, 0))} size=${size} virt_addr=${hex(0xc0de0000 + m.id).padStart(16, '0')} attrs=`;
  }
  if (kind === 'single') return `dma_unmap_phys: ${dev} dir=${dir} dma_addr=${hex(dmaOf(m, 0))} size=${size} attrs=`;
  let ps = cpuEntries(w, m.sg);
  if ((outcome & UNMAP.WRONG_NENTS) !== 0) ps = ps.length > 1 ? ps.slice(0, -1) : [...ps, phys(0xfffff)];
  return `dma_unmap_sg: ${dev} dir=${dir} phys_addrs=${arr(ps)} attrs=`;
}

/** A sync of the mapping the event names, on the event's device, as the outcome describes it. */
function syncLine(w: World, e: Event): string | null {
  const m = e.a < 0 ? undefined : w.mappings[e.a];
  if (m === undefined) return null; // the table held no DMA addresses: nothing the log could name
  const to = (e.c & SYNC_FOR_CPU) !== 0 ? 'cpu' : 'device';
  const dev = devName(w, e.d);
  const dir = (e.b & SYNC.WRONG_DIR) !== 0 ? otherDir(m.dir) : dirName(m.dir);
  const { dmas, sizes } = segments(m);
  if ((e.c & SYNC_RANGE) !== 0 || m.kind === 'single') {
    const over = (e.c & SYNC_PAST_SEGMENT) !== 0 ? PAGE : 0;
    return `dma_sync_single_for_${to}: ${dev} dir=${dir} dma_addr=${hex(dmas[0] ?? 0)} size=${(sizes[0] ?? 0) + over}`;
  }
  // dma_sync_sg traces the nents entries passed: the mapped segments, then entries with no DMA address.
  const n = m.nents + ((e.b & SYNC.WRONG_NENTS) !== 0 ? 1 : 0);
  const ds = Array.from({ length: n }, (_, i) => dmas[i] ?? 0);
  const ss = Array.from({ length: n }, (_, i) => sizes[i] ?? 0);
  return `dma_sync_sg_for_${to}: ${dev} dir=${dir} dma_addrs=${arr(ds)} sizes=${arr(ss)}`;
}
