import type { TraceCode } from './codes.ts';
import type { TraceEvent } from './events.ts';
import { FenceChecker } from './fences.ts';
import { Findings, type Group, type Severity } from './findings.ts';
import { describe, firstDma, History, hex, type Live, LiveSet } from './live.ts';
import { synced, syncedSg } from './syncs.ts';
import { unmapped, unmappedSg } from './unmaps.ts';

export interface CheckOptions {
  /**
   * The trace covers every device from before its first mapping (e.g. events enabled with
   * `trace_event=` on the kernel command line): an unmap or sync of an address the trace never
   * mapped is an error. By default it is a warning, the mapping may predate the trace.
   */
  readonly fromStart?: boolean;
}

/** A window of lines in which events may be missing: from the CPU's previous event to the marker. */
interface Gap {
  readonly from: number;
  readonly to: number;
}

export interface CheckResult {
  readonly groups: Group[];
  readonly errors: number;
  readonly warnings: number;
  /** Why the trace is known to start mid-stream, or null. */
  readonly midStream: string | null;
  readonly devices: string[];
}

const L1_CACHE_SHIFT_DIV = 64; // x86 L1_CACHE_BYTES; debug.c keys overlaps by cacheline (phys >> L1_CACHE_SHIFT)

/** Attributes with which debug.c does not report an overlap: DMA_ATTR_SKIP_CPU_SYNC, DMA_ATTR_DEBUGGING_IGNORE_CACHELINES. */
const EXEMPT = /(^|\|)(SKIP_CPU_SYNC|CACHELINES_OVERLAP)(\||$)/;

/**
 * Applies dmacheck's DMA-API rules to a stream of trace events, one at a time, in memory bounded by
 * the live mappings (plus bounded histories). The rules and messages follow kernel/dma/debug.c
 * (check_unmap, check_sync, add_dma_entry), with the invariant codes the model uses.
 */
export class TraceChecker {
  /** @internal shared with the check modules (CheckContext). */
  readonly live = new LiveSet();
  readonly history = new History();
  private readonly out = new Findings();
  private readonly gaps: Gap[] = [];
  /** The line of each CPU's last event (a plain array: CPU numbers are small). */
  private readonly cpuLast: number[] = [];
  /** The device of the previous DMA event, already in `devices`. */
  private lastDev = '';
  /** First cacheline of each live non-TO_DEVICE entry (debug.c active_cacheline_insert). */
  private readonly cachelines = new Map<number, Live[]>();
  /** IOMMU mappings by IOVA (the `map` event), to tie an IOMMU unmap to a DMA mapping's domain. */
  private readonly iommuMaps = new Map<number, { readonly paddr: number; readonly line: number }>();
  private readonly fences: FenceChecker;
  private readonly devices = new Set<string>();
  private midStream: string | null = null;
  private readonly opts: CheckOptions;

  constructor(opts: CheckOptions = {}) {
    this.opts = opts;
    this.fences = new FenceChecker((code, severity, message, lines, from) =>
      this.add(
        code,
        severity === 'error' ? this.sev(from, lines[lines.length - 1] ?? 0) : 'warning',
        null,
        message,
        lines,
      ),
    );
  }

  /** A lost-events marker at `line` for `cpu`. */
  lost(cpu: number, line: number): void {
    this.gaps.push({ from: this.cpuLast[cpu] ?? 0, to: line });
  }

  /** `##### CPU n buffer started ####`: the CPU's older events were overwritten. */
  bufferStarted(_cpu: number, line: number): void {
    this.gaps.push({ from: 0, to: line });
    this.midStream ??= `the ring buffer overran (CPU buffer started marker at line ${line})`;
  }

  /** The `entries-in-buffer/entries-written` header of /sys/kernel/tracing/trace. */
  entries(inBuffer: number, written: number): void {
    if (written > inBuffer) {
      this.midStream = `the ring buffer overran: ${written - inBuffer} of ${written} events written were overwritten`;
    }
  }

  event(ev: TraceEvent, line: number, pid: number, cpu: number): void {
    if (cpu < 65536) this.cpuLast[cpu] = line;
    if (ev.kind !== 'iommu_map' && ev.kind !== 'iommu_unmap' && ev.kind !== 'fence' && ev.dev !== this.lastDev) {
      this.devices.add(ev.dev);
      this.lastDev = ev.dev;
    }
    switch (ev.kind) {
      case 'map':
        this.mapped(
          {
            kind: ev.fn === 'dma_map_resource' ? 'resource' : 'single',
            fn: ev.fn,
            dev: ev.dev,
            dir: ev.dir,
            line,
            segs: [ev.dma, ev.size],
            phys: [ev.phys],
            nents: 1,
            ents: 1,
            truncated: false,
            size: ev.size,
            released: false,
            iommuGone: null,
          },
          ev.attrs,
        );
        break;
      case 'map_sg': {
        const segs: number[] = [];
        let size = 0;
        for (let i = 0; i < ev.dmas.length; i++) {
          const len = ev.sizes[i] ?? 0;
          segs.push(ev.dmas[i] ?? 0, len);
          size += len;
        }
        if (segs.length === 0) break; // a failed map (0 segments) traces dma_map_sg_err instead
        this.mapped(
          {
            kind: 'sg',
            fn: 'dma_map_sg',
            dev: ev.dev,
            dir: ev.dir,
            line,
            segs,
            phys: ev.phys,
            nents: ev.nents,
            ents: ev.ents,
            truncated: ev.truncated,
            size,
            released: false,
            iommuGone: null,
          },
          ev.attrs,
        );
        break;
      }
      case 'alloc':
        if (ev.failed) break;
        this.mapped(
          {
            kind: ev.fn === 'dma_alloc' ? 'coherent' : ev.fn === 'dma_alloc_pages' ? 'noncoherent' : 'sgt',
            fn: ev.fn,
            dev: ev.dev,
            dir: ev.dir,
            line,
            segs: [ev.dma, ev.size],
            phys: [],
            nents: 1,
            ents: 1,
            truncated: false,
            size: ev.size,
            released: false,
            iommuGone: null,
          },
          '',
        );
        break;
      case 'unmap':
        unmapped(
          this,
          ev.fn,
          ev.dev,
          ev.dma,
          ev.size,
          ev.dir,
          ev.fn === 'dma_unmap_resource' ? 'resource' : 'single',
          line,
          pid,
        );
        break;
      case 'free':
        unmapped(
          this,
          ev.fn,
          ev.dev,
          ev.dma,
          ev.size,
          ev.dir,
          ev.fn === 'dma_free' ? 'coherent' : ev.fn === 'dma_free_pages' ? 'noncoherent' : 'sgt',
          line,
          pid,
        );
        break;
      case 'unmap_sg':
        unmappedSg(this, ev.dev, ev.phys, ev.dir, line, pid);
        break;
      case 'sync':
        synced(this, ev.forCpu, ev.dev, ev.dir, ev.dma, ev.size, line);
        break;
      case 'sync_sg':
        syncedSg(this, ev.forCpu, ev.dev, ev.dir, ev.dmas, ev.sizes, line);
        break;
      case 'iommu_map':
        this.iommuMaps.set(ev.iova, { paddr: ev.paddr, line });
        if (this.iommuMaps.size > 65536) this.iommuMaps.delete(this.iommuMaps.keys().next().value ?? 0);
        break;
      case 'iommu_unmap':
        this.iommuUnmapped(ev.iova, ev.size, line, pid);
        break;
      case 'fence':
        this.fences.event(ev, line);
        break;
    }
  }

  /** The end of the trace: what is still mapped leaked (NO-LEAK), pending IOMMU unmaps are judged. */
  finish(): CheckResult {
    for (const l of this.live.all()) {
      if (l.iommuGone !== null) this.iommuLive(l, null);
      const sev: Severity = this.gaps.some((g) => g.to > l.line) ? 'warning' : 'error';
      this.add('NO-LEAK', sev, l.dev, `${l.fn} of ${describe(l)} is still mapped at the end of the trace`, [l.line]);
    }
    this.fences.finish();
    return {
      groups: this.out.list(),
      errors: this.out.count('error'),
      warnings: this.out.count('warning'),
      midStream: this.midStream,
      devices: [...this.devices].sort(),
    };
  }

  add(code: TraceCode, severity: Severity, dev: string | null, message: string, lines: number[]): void {
    this.out.add({ code, severity, dev, message, lines });
  }

  /** error, unless events lost between lines a and b could explain what was seen. */
  sev(a: number, b: number): Severity {
    for (const g of this.gaps) if (g.from < b && g.to > a) return 'warning';
    return 'error';
  }

  /** For an address the trace never mapped: an error only for a complete trace without gaps before it. */
  unknownSev(line: number): Severity {
    if (this.opts.fromStart !== true || this.midStream !== null) return 'warning';
    return this.sev(0, line);
  }

  private mapped(l: Live, attrs: string): void {
    const dma = firstDma(l);
    const held = this.live.at(l.dev, dma);
    // A copy: releasing an entry takes it out of the list `at` returned.
    for (const other of held.length === 0 ? held : [...held]) {
      if (other.phys.length > 0 && other.phys[0] === l.phys[0]) continue; // the same memory: judged below
      // An IOVA allocator never hands out a live address twice, and a direct mapping gives one
      // physical address one DMA address: the earlier mapping's unmap is missing from the trace.
      this.add(
        'MAP-SINGLE',
        'warning',
        l.dev,
        `${l.fn} returns dma ${hex(dma)}, which the ${other.fn} at line ${other.line} still holds: its unmap is not in the trace (lost, or an untraced path such as the dma_iova_* API); taken as unmapped`,
        [other.line, l.line],
      );
      this.release(other, l.line, -1);
    }
    if (l.dir !== 'TO_DEVICE') this.overlaps(l, attrs);
    this.live.add(l);
    // The history keeps a note of this address from an earlier unmap: no need to erase it (a random
    // memory access per map). It is read only for an address no live mapping holds, and this
    // mapping's own release writes a new note over it.
  }

  /**
   * MAP-SINGLE through kernel/dma/debug.c's overlap check: add_dma_entry reports "cacheline tracking
   * EEXIST, overlapping mappings aren't supported" when an entry's first cacheline is already held
   * by a live entry, neither being DMA_TO_DEVICE (active_cacheline_insert skips those), unless the
   * map passed DMA_ATTR_SKIP_CPU_SYNC (or, since 2025, DMA_ATTR_DEBUGGING_IGNORE_CACHELINES, traced
   * as CACHELINES_OVERLAP). debug.c checks across devices; the model's rule is per device, so only
   * the same device's entries are compared here. debug.c makes entries only for the first
   * mapped_ents CPU entries of an sg list; here every traced CPU entry counts (the model's rule: the
   * same pages mapped twice for one device), and the message says which of the two applies. With the
   * exempting attributes the double mapping is still reported, as a warning (legal when two
   * objects share pages, e.g. two userptrs of one shared memory).
   */
  private overlaps(l: Live, attrs: string): void {
    const n = l.phys.length;
    let reported = false;
    let shared = false;
    for (let i = 0; i < n; i++) {
      const cl = Math.floor((l.phys[i] ?? 0) / L1_CACHE_SHIFT_DIV);
      const held = this.cachelines.get(cl);
      if (held === undefined) {
        this.cachelines.set(cl, [l]);
        continue;
      }
      let other: Live | undefined;
      let otherDev: Live | undefined;
      for (const o of held) {
        if (o === l) continue;
        if (o.dev === l.dev) other ??= o;
        else otherDev ??= o;
      }
      held.push(l);
      const exempt = (other !== undefined || otherDev !== undefined) && EXEMPT.test(attrs);
      if (other === undefined && otherDev !== undefined && !exempt && !shared && i < l.ents) {
        shared = true;
        this.shared(l, otherDev, i);
      }
      if (other === undefined || reported) continue;
      reported = true;
      this.add(
        'MAP-SINGLE',
        exempt ? 'warning' : this.sev(other.line, l.line),
        l.dev,
        `${l.fn} maps phys ${hex(l.phys[i] ?? 0)} (${l.dir}) again while the ${other.fn} at line ${other.line} (${other.dir}) still maps it` +
          (exempt
            ? ` (with ${attrs}: debug.c does not object; two live mappings of the same pages for one device)`
            : i < l.ents
              ? ` (debug.c: "cacheline tracking EEXIST, overlapping mappings aren't supported")`
              : ' (CPU entry past the mapped count, which debug.c does not track)'),
        [other.line, l.line],
      );
    }
  }

  /**
   * MAP-SHARED: memory another device still maps for device writes (neither map is TO_DEVICE),
   * mapped again for this device without DMA_ATTR_SKIP_CPU_SYNC. kernel/dma/debug.c's cacheline
   * tracking is global (one radix tree for every device), so CONFIG_DMA_API_DEBUG prints "cacheline
   * tracking EEXIST, overlapping mappings aren't supported" here. But no kernel rule forbids it:
   * Documentation/core-api/dma-attributes.rst (DMA_ATTR_SKIP_CPU_SYNC, added by "common:
   * DMA-mapping: add DMA_ATTR_SKIP_CPU_SYNC attribute", Szyprowski 2012) describes sharing a buffer
   * between devices as one mapping per device, the attribute only sparing the repeated cache
   * maintenance. So: a warning, and nothing when the later map passes the attribute. Only the first
   * mapped_ents CPU entries of an sg list count, as in debug.c.
   */
  private shared(l: Live, other: Live, i: number): void {
    this.add(
      'MAP-SHARED',
      'warning',
      l.dev,
      `${l.fn} maps phys ${hex(l.phys[i] ?? 0)} (${l.dir}) while ${other.dev} still maps it (${other.dir}, ${other.fn} at line ${other.line}): debug.c reports "cacheline tracking EEXIST, overlapping mappings aren't supported"; the DMA API allows one mapping per device of a shared buffer (pass DMA_ATTR_SKIP_CPU_SYNC on the later maps)`,
      [other.line, l.line],
    );
  }

  /** `pid`: the task that unmapped it (-1: taken as unmapped, no event). */
  release(l: Live, line: number, pid: number): void {
    this.live.remove(l);
    l.released = true;
    if (l.iommuGone !== null && pid !== -1 && pid !== l.iommuGone.pid) this.iommuLive(l, line);
    if (l.dir !== 'TO_DEVICE') {
      const n = l.phys.length;
      for (let i = 0; i < n; i++) {
        const cl = Math.floor((l.phys[i] ?? 0) / L1_CACHE_SHIFT_DIV);
        const held = this.cachelines.get(cl);
        if (held === undefined) continue;
        const k = held.indexOf(l);
        if (k >= 0) held.splice(k, 1);
        if (held.length === 0) this.cachelines.delete(cl);
      }
    }
    // Remember where the first few segments were unmapped: a later unmap or sync there is a double.
    for (let i = 0; i < Math.min(l.segs.length, 16); i += 2) {
      this.history.note(l.dev, 'd', l.segs[i] ?? 0, line, l.line);
    }
    if (l.kind === 'sg' && l.phys.length > 0) this.history.note(l.dev, 'p', l.phys[0] ?? 0, line, l.line);
  }

  /**
   * An IOMMU `unmap` over live DMA mappings. iommu-dma traces it inside dma_unmap_* (and
   * dma_free_*), just before or after the dma event of the same call, in the same task: fine. The
   * mapping is judged when it is unmapped by another task, or not at all before the log ends: then
   * the device may still use an address the IOMMU no longer translates.
   */
  private iommuUnmapped(iova: number, size: number, line: number, pid: number): void {
    const imap = this.iommuMaps.get(iova);
    this.iommuMaps.delete(iova);
    for (const l of this.live.overlapping(iova, iova + Math.max(1, size))) {
      if (l.iommuGone !== null) continue;
      const same =
        imap !== undefined &&
        l.phys.length > 0 &&
        Math.floor((imap.paddr + (firstDma(l) - iova)) / 4096) === Math.floor((l.phys[0] ?? 0) / 4096);
      l.iommuGone = { line, pid, iova, size, same, mapLine: imap?.line ?? null };
    }
  }

  /**
   * IOMMU-LIVE. IOMMU events carry no domain: an error only when the IOMMU `map` of that IOVA
   * translated the mapping's first DMA address to the mapping's own physical page (the same
   * domain), a warning otherwise. `unmapLine`: the DMA unmap by another task, or null (never).
   */
  private iommuLive(l: Live, unmapLine: number | null): void {
    const g = l.iommuGone;
    if (g === null) return;
    const lines = [g.mapLine, l.line, g.line, unmapLine].filter((x): x is number => x !== null).sort((a, b) => a - b);
    this.add(
      'IOMMU-LIVE',
      g.same ? this.sev(l.line, unmapLine ?? g.line) : 'warning',
      l.dev,
      `IOMMU unmap of iova [${hex(g.iova)}, ${hex(g.iova + g.size)}) while the ${l.fn} at line ${l.line} (${describe(l)}) is live, ` +
        (unmapLine === null ? 'which the trace never unmaps' : `unmapped by another task at line ${unmapLine}`) +
        (g.same ? '' : ' (IOMMU events name no domain: this IOVA may belong to another domain)'),
      lines,
    );
  }
}
