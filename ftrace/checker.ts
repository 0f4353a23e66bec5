import type { TraceCode } from './codes.ts';
import type { Dir, TraceEvent } from './events.ts';
import { FenceChecker } from './fences.ts';
import { Findings, type Group, type Severity } from './findings.ts';
import { firstDma, History, KIND_NAME, type Live, type LiveKind, LiveSet } from './live.ts';

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

const hex = (n: number): string => (n < 0 ? 'DMA_MAPPING_ERROR' : `0x${n.toString(16)}`);
const L1_CACHE_SHIFT_DIV = 64; // x86 L1_CACHE_BYTES; debug.c keys overlaps by cacheline (phys >> L1_CACHE_SHIFT)

/**
 * Applies dmacheck's DMA-API rules to a stream of trace events, one at a time, in memory bounded by
 * the live mappings (plus bounded histories). The rules and messages follow kernel/dma/debug.c
 * (check_unmap, check_sync, add_dma_entry), with the invariant codes the model uses.
 */
export class TraceChecker {
  private readonly live = new LiveSet();
  private readonly history = new History();
  private readonly out = new Findings();
  private readonly gaps: Gap[] = [];
  private readonly cpuLast = new Map<number, number>();
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
    this.gaps.push({ from: this.cpuLast.get(cpu) ?? 0, to: line });
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
    this.cpuLast.set(cpu, line);
    switch (ev.kind) {
      case 'map':
        this.devices.add(ev.dev);
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
        this.devices.add(ev.dev);
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
        this.devices.add(ev.dev);
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
        this.unmapped(
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
        this.unmapped(
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
        this.unmappedSg(ev.dev, ev.phys, ev.dir, line, pid);
        break;
      case 'sync':
        this.synced(ev.forCpu, ev.dev, ev.dir, ev.dma, ev.size, line);
        break;
      case 'sync_sg':
        this.syncedSg(ev.forCpu, ev.dev, ev.dir, ev.dmas, ev.sizes, line);
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

  private add(code: TraceCode, severity: Severity, dev: string | null, message: string, lines: number[]): void {
    this.out.add({ code, severity, dev, message, lines });
  }

  /** error, unless events lost between lines a and b could explain what was seen. */
  private sev(a: number, b: number): Severity {
    for (const g of this.gaps) if (g.from < b && g.to > a) return 'warning';
    return 'error';
  }

  /** For an address the trace never mapped: an error only for a complete trace without gaps before it. */
  private unknownSev(line: number): Severity {
    if (this.opts.fromStart !== true || this.midStream !== null) return 'warning';
    return this.sev(0, line);
  }

  private mapped(l: Live, attrs: string): void {
    const dma = firstDma(l);
    for (const other of this.live.at(l.dev, dma)) {
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
    this.history.forget(l.dev, 'd', dma);
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
    for (let i = 0; i < n; i++) {
      const cl = Math.floor((l.phys[i] ?? 0) / L1_CACHE_SHIFT_DIV);
      const held = this.cachelines.get(cl);
      if (held === undefined) {
        this.cachelines.set(cl, [l]);
        continue;
      }
      let other: Live | undefined;
      for (const o of held) if (other === undefined && o.dev === l.dev && o !== l) other = o;
      held.push(l);
      if (other === undefined || reported) continue;
      reported = true;
      const exempt = /(^|\|)(SKIP_CPU_SYNC|CACHELINES_OVERLAP)(\||$)/.test(attrs);
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

  /** `pid`: the task that unmapped it (-1: taken as unmapped, no event). */
  private release(l: Live, line: number, pid: number): void {
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

  /** An unmap or free found no live mapping: a double unmap, or one of a mapping older than the trace. */
  private unmatched(fn: string, dev: string, space: 'd' | 'p', addr: number, what: string, line: number): void {
    const gone = this.history.get(dev, space, addr);
    if (gone !== undefined) {
      this.add(
        'MAP-BALANCED',
        this.sev(gone.line, line),
        dev,
        `${fn} of ${what}, already unmapped at line ${gone.line} (debug.c: "device driver tries to free DMA memory it has not allocated")`,
        [gone.mapLine, gone.line, line],
      );
      return;
    }
    const sev = this.unknownSev(line);
    this.add(
      'MAP-BALANCED',
      sev,
      dev,
      `${fn} of ${what}, which this trace never mapped` +
        (sev === 'warning'
          ? ' (mapped before the trace began?)'
          : ' (debug.c: "tries to free DMA memory it has not allocated")'),
      [line],
    );
  }

  /** check_unmap's comparisons, each mismatch its own finding (debug.c prints each). */
  private unmapped(
    fn: string,
    dev: string,
    dma: number,
    size: number,
    dir: Dir | null,
    kind: LiveKind,
    line: number,
    pid: number,
  ) {
    this.devices.add(dev);
    const cands = this.live.at(dev, dma);
    let l: Live | undefined = cands[0];
    for (const c of cands) {
      if (c.kind !== kind) continue;
      if (l?.kind !== kind) l = c;
      if (c.size === size && (dir === null || c.dir === dir)) {
        l = c;
        break;
      }
    }
    if (l === undefined) {
      this.unmatched(fn, dev, 'd', dma, `dma ${hex(dma)} (size ${size})`, line);
      return;
    }
    this.release(l, line, pid);
    const what = `${fn} of dma ${hex(dma)}`;
    if (l.kind !== kind) {
      const m = `wrong function [mapped as ${KIND_NAME[l.kind]} by ${l.fn} at line ${l.line}] [unmapped as ${KIND_NAME[kind]}]`;
      this.mismatch(l, line, what, m);
    }
    if (l.size !== size) {
      this.mismatch(l, line, what, `different size [map size=${l.size} bytes] [unmap size=${size} bytes]`);
    }
    if (dir !== null && l.dir !== null && l.dir !== dir) {
      this.mismatch(
        l,
        line,
        what,
        `different direction [mapped with ${l.dir} at line ${l.line}] [unmapped with ${dir}]`,
      );
    }
  }

  /** One of check_unmap's messages: "device driver frees DMA memory with ...". */
  private mismatch(l: Live, line: number, what: string, m: string, noun = 'memory'): void {
    this.add('MAP-BALANCED', this.sev(l.line, line), l.dev, `${what}: frees DMA ${noun} with ${m}`, [l.line, line]);
  }

  /** dma_unmap_sg names its list by physical addresses: matched by device and first CPU entry. */
  private unmappedSg(dev: string, phys: readonly number[], dir: Dir, line: number, pid: number): void {
    this.devices.add(dev);
    const p0 = phys[0];
    if (p0 === undefined) return;
    const cands = this.live.sgAtPhys(dev, p0);
    let l: Live | undefined = cands[0];
    if (cands.length > 1) {
      l = undefined;
      // Latest first: dma_unmap_sg unmaps the DMA addresses the table holds, those of its last map.
      for (let i = cands.length - 1; i >= 0 && l === undefined; i--) {
        const c = cands[i];
        if (c !== undefined && c.nents === phys.length && samePhys(c.phys, phys)) l = c;
      }
      for (let i = cands.length - 1; i >= 0 && l === undefined; i--) if (cands[i]?.dir === dir) l = cands[i];
      l ??= cands[cands.length - 1];
    }
    if (l === undefined) {
      this.unmatched('dma_unmap_sg', dev, 'p', p0, `the sg list at phys ${hex(p0)}`, line);
      return;
    }
    this.release(l, line, pid);
    const what = `dma_unmap_sg of the sg list at phys ${hex(p0)}`;
    if (l.nents !== phys.length) {
      const m = `different entry count [map count=${l.nents} at line ${l.line}] [unmap count=${phys.length}]`;
      this.mismatch(l, line, what, m, 'sg list');
    }
    if (l.dir !== dir) {
      this.mismatch(
        l,
        line,
        what,
        `different direction [mapped with ${l.dir} at line ${l.line}] [unmapped with ${dir}]`,
      );
    }
  }

  /** A sync found no live segment holding its range. */
  private syncMissed(fn: string, dev: string, dma: number, size: number, line: number): void {
    const end = dma + Math.max(1, size);
    const over = this.live.overlapping(dma, end, dev)[0];
    if (over !== undefined) {
      this.add(
        'SYNC-LIVE',
        this.sev(over.line, line),
        dev,
        `${fn} of [${hex(dma)}, ${hex(end)}) runs outside the segments of the ${over.fn} at line ${over.line} (${describe(over)}) (debug.c: "device driver tries to sync DMA memory it has not allocated")`,
        [over.line, line],
      );
      return;
    }
    const gone = this.history.get(dev, 'd', dma);
    if (gone !== undefined) {
      this.add(
        'SYNC-LIVE',
        this.sev(gone.mapLine, line),
        dev,
        `${fn} of dma ${hex(dma)} after its unmap at line ${gone.line} (mapped at line ${gone.mapLine})`,
        [gone.mapLine, gone.line, line],
      );
      return;
    }
    const sev = this.unknownSev(line);
    this.add(
      'SYNC-LIVE',
      sev,
      dev,
      `${fn} of dma ${hex(dma)}, which this trace never mapped` +
        (sev === 'warning' ? ' (mapped before the trace began?)' : ''),
      [line],
    );
  }

  private synced(forCpu: boolean, dev: string, dir: Dir, dma: number, size: number, line: number): void {
    this.devices.add(dev);
    const fn = forCpu ? 'dma_sync_single_for_cpu' : 'dma_sync_single_for_device';
    const hit = this.live.containing(dev, dma, dma + Math.max(1, size));
    if (hit === null) this.syncMissed(fn, dev, dma, size, line);
    else this.syncDir(fn, hit.live, dir, forCpu, line);
  }

  private syncedSg(
    forCpu: boolean,
    dev: string,
    dir: Dir,
    dmas: readonly number[],
    sizes: readonly number[],
    line: number,
  ): void {
    this.devices.add(dev);
    const fn = forCpu ? 'dma_sync_sg_for_cpu' : 'dma_sync_sg_for_device';
    const d0 = dmas[0];
    if (d0 === undefined) return;
    let l: Live | undefined;
    for (const c of this.live.at(dev, d0)) if (l === undefined && c.kind === 'sg') l = c;
    l ??= this.live.containing(dev, d0, d0 + Math.max(1, sizes[0] ?? 0))?.live;
    if (l === undefined) {
      this.syncMissed(fn, dev, d0, sizes[0] ?? 0, line);
      return;
    }
    const sev = this.sev(l.line, line);
    // Documentation/core-api/dma-api.rst: sync_sg takes the nents passed to dma_map_sg. (debug.c
    // checks the count only for non-BIDIRECTIONAL mappings; the rule holds for all.)
    if (l.kind === 'sg' && dmas.length !== l.nents) {
      this.add(
        'SYNC-LIVE',
        sev,
        dev,
        `${fn} at dma ${hex(d0)}: syncs DMA sg list with different entry count [map count=${l.nents} at line ${l.line}] [sync count=${dmas.length}]`,
        [l.line, line],
      );
    }
    // debug.c debug_dma_sync_sg_*: only the first mapped_ents entries are looked up.
    const n = Math.min(dmas.length, l.ents, l.segs.length / 2);
    for (let i = 0; i < n; i++) {
      const a = dmas[i] ?? 0;
      const e = a + (sizes[i] ?? 0);
      let inside = false;
      for (let j = 0; j < l.segs.length && !inside; j += 2) {
        const s = l.segs[j] ?? 0;
        inside = s <= a && e <= s + (l.segs[j + 1] ?? 0);
      }
      if (!inside) {
        this.add(
          'SYNC-LIVE',
          sev,
          dev,
          `${fn}: entry ${i} [${hex(a)}, ${hex(e)}) lies outside the segments of the ${l.fn} at line ${l.line} (debug.c: "device driver tries to sync DMA memory it has not allocated")`,
          [l.line, line],
        );
        break;
      }
    }
    this.syncDir(fn, l, dir, forCpu, line);
  }

  /**
   * kernel/dma/debug.c check_sync, exactly: nothing for a BIDIRECTIONAL mapping; otherwise
   * "different direction" when the directions differ, plus "device read-only DMA memory for cpu"
   * when for_cpu && mapping != FROM_DEVICE && sync != TO_DEVICE, and "device write-only DMA memory
   * to device" when !for_cpu && mapping != TO_DEVICE && sync != FROM_DEVICE. So the TX-buffer reuse
   * sync_for_cpu(TO_DEVICE) on a TO_DEVICE mapping and the RX recycling sync_for_device(FROM_DEVICE)
   * on a FROM_DEVICE mapping are legal. One finding per call, naming every message debug.c prints.
   */
  private syncDir(fn: string, l: Live, dir: Dir, forCpu: boolean, line: number): void {
    const mapDir = l.dir ?? 'BIDIRECTIONAL';
    if (mapDir === 'BIDIRECTIONAL') return;
    const msgs: string[] = [];
    if (dir !== mapDir)
      msgs.push(`syncs DMA memory with different direction [mapped with ${mapDir}] [synced with ${dir}]`);
    if (forCpu && mapDir !== 'FROM_DEVICE' && dir !== 'TO_DEVICE')
      msgs.push('syncs device read-only DMA memory for cpu');
    if (!forCpu && mapDir !== 'TO_DEVICE' && dir !== 'FROM_DEVICE')
      msgs.push('syncs device write-only DMA memory to device');
    if (msgs.length === 0) return;
    this.add(
      'SYNC-LIVE',
      this.sev(l.line, line),
      l.dev,
      `${fn} of the ${l.fn} at line ${l.line} (dma ${hex(firstDma(l))}): ${msgs.join('; ')}`,
      [l.line, line],
    );
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

/** Whether the traced physical addresses of an sg map start the unmap's list (the map's may be capped at 128). */
function samePhys(mapped: readonly number[], unmapped: readonly number[]): boolean {
  for (let i = 0; i < mapped.length; i++) if (mapped[i] !== unmapped[i]) return false;
  return true;
}

/** A mapping in a few words. */
export function describe(l: Live): string {
  const dir = l.dir === null ? '' : ` ${l.dir}`;
  if (l.kind === 'sg') {
    return `${l.nents} entries in ${l.ents} segment(s) at dma ${hex(firstDma(l))}${dir}${l.truncated ? ' [TRUNCATED]' : ''}`;
  }
  return `dma ${hex(firstDma(l))} size ${l.size}${dir}`;
}
