import { Prng } from '../fuzz/prng.ts';

/**
 * A synthetic but well-formed ftrace log for the `dmacheck trace` benchmark: a NIC streaming TX and
 * RX buffers (dma_map_phys, syncs, dma_unmap_phys, with the iommu map/unmap iommu-dma traces around
 * them), a GPU mapping sg tables (dma_map_sg, dma_sync_sg_*, dma_unmap_sg), its job fences, and
 * unrelated sched_switch lines. At most LIVE mappings are live at any time, so a correct checker's
 * memory does not grow with the log. Every line is in the kernel's own format; the log is clean.
 */
export const LIVE = 256;

const NIC = '0000:04:00.0';
const GPU = '0000:00:02.0';
const hex = (n: number) => n.toString(16);
const pad16 = (n: number) => `0x${hex(n).padStart(16, '0')}`;

/** Yields `lines` lines (the last op may run a few lines over). */
export function* ftraceLog(lines: number, seed = 1): Generator<string> {
  const rng = new Prng(seed);
  let n = 0;
  let us = 0;
  const live: ({ kind: 'nic'; dma: number; dir: string; size: number } | { kind: 'gpu'; slot: number })[] = [];
  let nextSlot = 0;
  let seqno = 1;
  const line = (comm: string, pid: number, cpu: number, event: string, payload: string) => {
    us += 1 + rng.below(7);
    n++;
    const ts = `${Math.floor(us / 1e6) + 100}.${String(us % 1e6).padStart(6, '0')}`;
    return `${comm.padStart(16)}-${pid}${' '.repeat(6 - String(pid).length)}[${String(cpu).padStart(3, '0')}] ..... ${ts}: ${event}: ${payload}`;
  };
  while (n < lines) {
    const r = rng.below(100);
    if (r < 25) {
      yield line(
        'kworker/1:1',
        77,
        rng.below(4),
        'sched_switch',
        'prev_comm=kworker/1:1 prev_pid=77 prev_prio=120 prev_state=I ==> next_comm=swapper/1 next_pid=0 next_prio=120',
      );
    } else if (live.length >= LIVE || (r < 55 && live.length > 0)) {
      const m = live.splice(rng.below(live.length), 1)[0];
      if (m === undefined) continue;
      if (m.kind === 'nic') {
        if (m.dir === 'FROM_DEVICE') {
          yield line(
            'napi/eth0',
            512,
            2,
            'dma_sync_single_for_cpu',
            `${NIC} dir=FROM_DEVICE dma_addr=${hex(m.dma)} size=${m.size}`,
          );
        }
        yield line(
          'napi/eth0',
          512,
          2,
          'unmap',
          `IOMMU: iova=${pad16(m.dma)} - ${pad16(m.dma + 4096)} size=4096 unmapped_size=4096`,
        );
        yield line(
          'napi/eth0',
          512,
          2,
          'dma_unmap_phys',
          `${NIC} dir=${m.dir} dma_addr=${hex(m.dma)} size=${m.size} attrs=`,
        );
      } else {
        const base = 0x80000000 + m.slot * 0x10000;
        const phys = `0x${hex(0x20000000 + m.slot * 0x10000)},0x${hex(0x20001000 + m.slot * 0x10000)}`;
        yield line(
          'gem_exec',
          1033,
          0,
          'dma_sync_sg_for_cpu',
          `${GPU} dir=BIDIRECTIONAL dma_addrs={0x${hex(base)},0x0} sizes={0x2000,0x0}`,
        );
        yield line(
          'gem_exec',
          1033,
          0,
          'dma_unmap_sg',
          `${GPU} dir=BIDIRECTIONAL phys_addrs={${phys}} attrs=SKIP_CPU_SYNC`,
        );
      }
    } else if (r < 80) {
      const slot = nextSlot++ % 65536;
      const dma = 0x40000000 + slot * 0x1000;
      const dir = rng.below(2) === 0 ? 'TO_DEVICE' : 'FROM_DEVICE';
      const size = dir === 'TO_DEVICE' ? 60 + rng.below(1455) : 2048;
      const phys = 0x200000000 + slot * 0x1000; // above every GPU page (0x20000000 + 65535 * 0x10000 + 0x2000)
      yield line(
        'napi/eth0',
        512,
        2,
        'map',
        `IOMMU: iova=${pad16(dma)} - ${pad16(dma + 4096)} paddr=${pad16(phys)} size=4096`,
      );
      yield line(
        'napi/eth0',
        512,
        2,
        'dma_map_phys',
        `${NIC} dir=${dir} dma_addr=${hex(dma)} size=${size} phys_addr=${hex(phys)} attrs=`,
      );
      if (dir === 'FROM_DEVICE') {
        yield line(
          'napi/eth0',
          512,
          2,
          'dma_sync_single_for_device',
          `${NIC} dir=FROM_DEVICE dma_addr=${hex(dma)} size=${size}`,
        );
      }
      live.push({ kind: 'nic', dma, dir, size });
    } else if (r < 90) {
      const slot = nextSlot++ % 65536;
      const base = 0x80000000 + slot * 0x10000;
      const phys = `0x${hex(0x20000000 + slot * 0x10000)},0x${hex(0x20001000 + slot * 0x10000)}`;
      yield line(
        'gem_exec',
        1033,
        0,
        'dma_map_sg',
        `${GPU} dir=BIDIRECTIONAL nents=2/2 ents=1/1 dma_addrs={0x${hex(base)}} sizes={0x2000} phys_addrs={${phys}} attrs=SKIP_CPU_SYNC`,
      );
      live.push({ kind: 'gpu', slot });
    } else {
      const f = `driver=i915 timeline=${GPU} context=42 seqno=${seqno++}`;
      yield line('gem_exec', 1033, 0, 'dma_fence_init', f);
      yield line('gem_exec', 1033, 0, 'dma_fence_emit', f);
      yield line('irq/130-i915', 350, 1, 'dma_fence_signaled', f);
      yield line('kworker/u16:2', 89, 1, 'dma_fence_destroy', f);
    }
  }
  // Tear everything down, so that the log ends clean.
  for (const m of live) {
    if (m.kind === 'nic') {
      yield line(
        'napi/eth0',
        512,
        2,
        'dma_unmap_phys',
        `${NIC} dir=${m.dir} dma_addr=${hex(m.dma)} size=${m.size} attrs=`,
      );
    } else {
      const phys = `0x${hex(0x20000000 + m.slot * 0x10000)},0x${hex(0x20001000 + m.slot * 0x10000)}`;
      yield line(
        'gem_exec',
        1033,
        0,
        'dma_unmap_sg',
        `${GPU} dir=BIDIRECTIONAL phys_addrs={${phys}} attrs=SKIP_CPU_SYNC`,
      );
    }
  }
}
