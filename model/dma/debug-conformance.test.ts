import { describe, expect, it } from 'vitest';
import { mapBalanced } from '../../properties/map-balanced.ts';
import { mapErrChecked } from '../../properties/map-err-checked.ts';
import { syncLive } from '../../properties/sync-live.ts';
import {
  allocPages,
  createWorld,
  DEFAULT_CONFIG,
  DIR,
  dmaAllocCoherent,
  dmaFreeCoherent,
  dmaMapPage,
  dmaMappingError,
  dmaMapSg,
  dmaSyncRange,
  dmaSyncSg,
  dmaUnmapPage,
  dmaUnmapSg,
  EV,
  type Event,
  GPU,
  Kernel,
  type MappingId,
  objCreate,
  type Policy,
  type SgId,
  SYNC,
  sgAlloc,
  UNMAP,
} from '../index.ts';

/**
 * The DMA-API debug conformance table: every combination of mapping direction, sync or unmap
 * direction, side (for_cpu / for_device), entry count, size and range against kernel/dma/debug.c
 * `check_sync` and `check_unmap` (torvalds/linux; KERNEL.md §1.5), asserting the exact set of
 * messages the kernel prints for the call: none, one, or several. The primitives run on a bare world
 * (one two-page object on the GPU, one DMA segment); the messages are read back through the
 * invariants that report them (SYNC-LIVE, MAP-BALANCED, MAP-ERR-CHECKED).
 */

const B = DIR.BIDIRECTIONAL;
const T = DIR.TO_DEVICE;
const F = DIR.FROM_DEVICE;
const NAME = ['B', 'T', 'F'] as const;

/** debug.c's messages, by the model's bits. */
const SYNC_MSG: Record<number, string> = {
  [SYNC.NOT_MAPPED]: 'device driver tries to sync DMA memory it has not allocated',
  [SYNC.WRONG_DIR]: 'device driver syncs DMA memory with different direction',
  [SYNC.READ_ONLY_FOR_CPU]: 'device driver syncs device read-only DMA memory for cpu',
  [SYNC.WRITE_ONLY_TO_DEVICE]: 'device driver syncs device write-only DMA memory to device',
  [SYNC.WRONG_NENTS]: 'device driver syncs DMA sg list with different entry count',
  // Not a debug.c message: dma-api.rst's nents rule on a BIDIRECTIONAL mapping.
  [SYNC.NENTS_RULE]: 'sg sync with another nents than dma_map_sg was given',
};
const UNMAP_MSG: Record<number, string> = {
  [UNMAP.NOT_MAPPED]: 'device driver tries to free DMA memory it has not allocated',
  [UNMAP.WRONG_SIZE]: 'device driver frees DMA memory with different size',
  [UNMAP.WRONG_FUNCTION]: 'device driver frees DMA memory with wrong function',
  [UNMAP.WRONG_NENTS]: 'device driver frees DMA sg list with different entry count',
  [UNMAP.WRONG_DIR]: 'device driver frees DMA memory with different direction',
  [UNMAP.MAP_ERR_UNCHECKED]: 'device driver failed to check map error',
};

function bitsOf(outcome: number): number[] {
  const out: number[] = [];
  for (let b = 1; b <= outcome; b <<= 1) if ((outcome & b) !== 0) out.push(b);
  return out;
}

/** A bare world: one object with two contiguous pages (one CPU entry), on the GPU (one DMA segment). */
function world() {
  const w = createWorld({ ...DEFAULT_CONFIG, objectPages: 2 });
  const k = new Kernel(w, { name: 'debug-conformance' } as Policy);
  const obj = objCreate(k, 'shmem');
  const pages = allocPages(k, obj, 2);
  const sg = sgAlloc(k, obj, pages);
  return { w, k, obj, pages, sg };
}

/** The last event of one of `kinds` so far. */
function lastEvent(k: Kernel, kinds: readonly number[] = [EV.dma_sync, EV.dma_unmap_sg, EV.dma_free_coherent]): Event {
  for (let i = k.ev.n - 1; i >= 0; i--) {
    const e = k.ev.buf[i] as Event;
    if (kinds.includes(e.kind)) return e;
  }
  throw new Error('no such event');
}

/** Asserts the call printed exactly `expected` (messages), through the invariants' messages too. */
function expectMessages(
  got: number,
  msg: Record<number, string>,
  expected: readonly number[],
  printed: string | null,
  others: readonly (string | null)[] = [],
): void {
  expect(bitsOf(got).map((b) => msg[b])).toEqual(expected.map((b) => msg[b]));
  const text = [printed, ...others].filter((s) => s !== null).join('\n');
  for (const [bit, m] of Object.entries(msg)) {
    if (expected.includes(Number(bit))) expect(text).toContain(m);
    else expect(text).not.toContain(m);
  }
}

/**
 * check_sync's direction tests, after the entry was found (mapping dir, sync dir, for_cpu, warnings):
 *
 *   if (entry->direction == DMA_BIDIRECTIONAL) goto out;                                      [1]
 *   if (ref->direction != entry->direction) "different direction";                            [2]
 *   if (to_cpu && !(entry->direction == DMA_FROM_DEVICE) && !(ref->direction == DMA_TO_DEVICE))
 *     "device read-only DMA memory for cpu";                                                  [3]
 *   if (!to_cpu && !(entry->direction == DMA_TO_DEVICE) && !(ref->direction == DMA_FROM_DEVICE))
 *     "device write-only DMA memory to device";                                               [4]
 */
const DIRECTION_ROWS: readonly (readonly [number, number, boolean, readonly number[]])[] = [
  [B, B, true, []], // [1] BIDIRECTIONAL mapping: out before any direction test
  [B, T, true, []], // [1]
  [B, F, true, []], // [1]
  [B, B, false, []], // [1]
  [B, T, false, []], // [1]
  [B, F, false, []], // [1]
  [T, T, true, []], // same dir; [3] ref == TO_DEVICE: reusing a TX buffer is legal
  [T, F, true, [SYNC.WRONG_DIR, SYNC.READ_ONLY_FOR_CPU]], // [2]; [3] entry != FROM, ref != TO
  [T, B, true, [SYNC.WRONG_DIR, SYNC.READ_ONLY_FOR_CPU]], // [2]; [3] entry != FROM, ref != TO
  [T, T, false, []], // same dir; [4] entry == TO_DEVICE
  [T, F, false, [SYNC.WRONG_DIR]], // [2]; [4] entry == TO_DEVICE
  [T, B, false, [SYNC.WRONG_DIR]], // [2]; [4] entry == TO_DEVICE
  [F, F, true, []], // same dir; [3] entry == FROM_DEVICE
  [F, T, true, [SYNC.WRONG_DIR]], // [2]; [3] entry == FROM_DEVICE
  [F, B, true, [SYNC.WRONG_DIR]], // [2]; [3] entry == FROM_DEVICE
  [F, F, false, []], // same dir; [4] ref == FROM_DEVICE: recycling an RX buffer is legal
  [F, T, false, [SYNC.WRONG_DIR, SYNC.WRITE_ONLY_TO_DEVICE]], // [2]; [4] entry != TO, ref != FROM
  [F, B, false, [SYNC.WRONG_DIR, SYNC.WRITE_ONLY_TO_DEVICE]], // [2]; [4] entry != TO, ref != FROM
];

describe('DMA-API debug conformance: check_sync', () => {
  for (const [mapDir, dir, forCpu, warned] of DIRECTION_ROWS) {
    const side = forCpu ? 'for_cpu' : 'for_device';
    for (const nentsRight of [true, false]) {
      it(`dma_sync_sg_${side}(${NAME[dir]}) of a ${NAME[mapDir]} mapping, nents ${nentsRight ? 'as mapped' : 'wrong'}`, () => {
        const { w, k, sg } = world();
        dmaMapSg(k, sg, GPU, mapDir);
        const nents = w.sgs[sg]?.nents ?? 0;
        const got = dmaSyncSg(k, sg, GPU, nentsRight ? nents : nents + 1, dir, forCpu);
        // [5] if (ref->sg_call_ents && ref->type == dma_debug_sg && ref->sg_call_ents !=
        // entry->sg_call_ents) "different entry count": after [1], so never on a BIDIRECTIONAL
        // mapping, where only dma-api.rst's rule applies.
        const expected = nentsRight ? warned : [...warned, mapDir === B ? SYNC.NENTS_RULE : SYNC.WRONG_NENTS];
        expectMessages(got, SYNC_MSG, expected, syncLive.events?.dma_sync?.(w, lastEvent(k)) ?? null);
      });
    }
    for (const inside of [true, false]) {
      it(`dma_sync_single_range_${side}(${NAME[dir]}) of a ${NAME[mapDir]} mapping, range ${inside ? 'inside' : 'past'} its segment`, () => {
        const { w, k, sg } = world();
        dmaMapSg(k, sg, GPU, mapDir);
        // Page 0 only (inside), or pages 1-2 of a two-page segment (size past its end).
        const got = inside ? dmaSyncRange(k, sg, GPU, 0, 1, dir, forCpu) : dmaSyncRange(k, sg, GPU, 1, 2, dir, forCpu);
        // bucket_find_contain returns only an entry holding the whole range: past it, "has not
        // allocated" alone (goto out), and "outside allocated range" cannot fire. A range sync
        // carries sg_call_ents = 0: no entry-count test.
        const expected = inside ? warned : [SYNC.NOT_MAPPED];
        expectMessages(got, SYNC_MSG, expected, syncLive.events?.dma_sync?.(w, lastEvent(k)) ?? null);
      });
    }
  }

  it('a sync of a mapping already unmapped, or of another device, is "not allocated" alone', () => {
    const { w, k, sg } = world();
    dmaMapSg(k, sg, GPU, T);
    const other = dmaSyncSg(k, sg, 1 as typeof GPU, 1, F, true);
    expectMessages(other, SYNC_MSG, [SYNC.NOT_MAPPED], syncLive.events?.dma_sync?.(w, lastEvent(k)) ?? null);
    dmaUnmapSg(k, sg, GPU, w.sgs[sg]?.nents ?? 0, T);
    const gone = dmaSyncSg(k, sg, GPU, 1, F, true);
    expectMessages(gone, SYNC_MSG, [SYNC.NOT_MAPPED], syncLive.events?.dma_sync?.(w, lastEvent(k)) ?? null);
  });
});

/**
 * check_unmap, after the entry was found; every test runs and prints:
 *
 *   if (ref->size != entry->size) "different size";                                           [a]
 *   if (ref->type != entry->type) "wrong function";                                           [b]
 *   if (ref->sg_call_ents && ref->type == dma_debug_sg && ref->sg_call_ents !=
 *       entry->sg_call_ents) "different entry count";                                         [c]
 *   if (ref->direction != entry->direction) "different direction";                            [d]
 *   if (entry->map_err_type == MAP_ERR_NOT_CHECKED) "failed to check map error";              [e]
 */
describe('DMA-API debug conformance: check_unmap', () => {
  const dirs = [B, T, F] as const;
  /** What MAP-BALANCED and MAP-ERR-CHECKED print for an unmap or free event. */
  function messages(w: ReturnType<typeof world>['w'], e: Event): [string | null, string | null] {
    const free = e.kind === EV.dma_free_coherent;
    const mb = free ? mapBalanced.events?.dma_free_coherent : mapBalanced.events?.dma_unmap_sg;
    const me = free ? mapErrChecked.events?.dma_free_coherent : mapErrChecked.events?.dma_unmap_sg;
    return [mb?.(w, e) ?? null, me?.(w, e) ?? null];
  }

  for (const mapDir of dirs)
    for (const dir of dirs)
      for (const nentsRight of [true, false])
        for (const sizeRight of [true, false])
          it(`dma_unmap_sg(${NAME[dir]}) of a ${NAME[mapDir]} sg mapping, nents ${nentsRight ? 'right' : 'wrong'}, size ${sizeRight ? 'right' : 'wrong'}`, () => {
            const { w, k, sg } = world();
            dmaMapSg(k, sg, GPU, mapDir);
            const nents = w.sgs[sg]?.nents ?? 0;
            const got = dmaUnmapSg(k, sg, GPU, nentsRight ? nents : nents + 1, dir, 0, sizeRight ? [2] : [1]);
            const expected = [
              ...(sizeRight ? [] : [UNMAP.WRONG_SIZE]), // [a] sg_dma_len of the caller's entry
              // [b] same type (scather-gather)
              ...(nentsRight ? [] : [UNMAP.WRONG_NENTS]), // [c] any direction, BIDIRECTIONAL too
              ...(dir === mapDir ? [] : [UNMAP.WRONG_DIR]), // [d]
              // [e] sg entries are never MAP_ERR_NOT_CHECKED
            ];
            const [printed, other] = messages(w, lastEvent(k));
            expectMessages(got, UNMAP_MSG, expected, printed, [other]);
          });

  for (const mapDir of dirs)
    for (const dir of dirs)
      for (const sizeRight of [true, false])
        for (const checked of [true, false])
          it(`dma_unmap_page(${NAME[dir]}) of a ${NAME[mapDir]} page mapping, size ${sizeRight ? 'right' : 'wrong'}, map error ${checked ? 'checked' : 'unchecked'}`, () => {
            const { w, k, obj, pages } = world();
            const m = dmaMapPage(k, obj, pages[0] as never, GPU, mapDir) as MappingId;
            if (checked) expect(dmaMappingError(k, m, GPU)).toBe(false);
            const got = dmaUnmapPage(k, m, GPU, dir, sizeRight ? 1 : 2);
            const expected = [
              ...(sizeRight ? [] : [UNMAP.WRONG_SIZE]), // [a]
              // [b] same type (single); [c] ref->sg_call_ents is 0 for a page unmap
              ...(dir === mapDir ? [] : [UNMAP.WRONG_DIR]), // [d]
              ...(checked ? [] : [UNMAP.MAP_ERR_UNCHECKED]), // [e] debug_dma_map_page: MAP_ERR_NOT_CHECKED
            ];
            const [printed, other] = messages(w, lastEvent(k));
            expectMessages(got, UNMAP_MSG, expected, printed, [other]);
          });

  for (const sizeRight of [true, false])
    it(`dma_free_coherent of a coherent buffer, size ${sizeRight ? 'right' : 'wrong'}`, () => {
      const { w, k, obj } = world();
      const sg = dmaAllocCoherent(k, obj, GPU, 2) as SgId;
      const got = dmaFreeCoherent(k, sg, GPU, sizeRight ? 2 : 1);
      // [a] only; [b] coherent; [c] no count; [d] both BIDIRECTIONAL; [e] coherent entries are exempt.
      const [printed, other] = messages(w, lastEvent(k));
      expectMessages(got, UNMAP_MSG, sizeRight ? [] : [UNMAP.WRONG_SIZE], printed, [other]);
    });

  it('dma_unmap_sg of a coherent buffer: wrong function, and a count the coherent entry (0) never matches', () => {
    const { w, k, obj } = world();
    const sg = dmaAllocCoherent(k, obj, GPU, 2) as SgId;
    const got = dmaUnmapSg(k, sg, GPU, w.sgs[sg]?.nents ?? 0, B);
    // [b] coherent != scather-gather; [c] entry->sg_call_ents is 0 for a coherent entry; [d] same.
    const [printed, other] = messages(w, lastEvent(k));
    expectMessages(got, UNMAP_MSG, [UNMAP.WRONG_FUNCTION, UNMAP.WRONG_NENTS], printed, [other]);
  });

  it('dma_free_coherent of a TO_DEVICE sg mapping: wrong function and different direction', () => {
    const { w, k, sg } = world();
    dmaMapSg(k, sg, GPU, T);
    const got = dmaFreeCoherent(k, sg, GPU, 2);
    // [a] same size as the one segment; [b] scather-gather != coherent; [d] the free is BIDIRECTIONAL.
    const [printed, other] = messages(w, lastEvent(k));
    expectMessages(got, UNMAP_MSG, [UNMAP.WRONG_FUNCTION, UNMAP.WRONG_DIR], printed, [other]);
  });

  it('dma_unmap_page of an sg mapping: wrong function only (a page unmap passes no count)', () => {
    const { w, k, sg } = world();
    dmaMapSg(k, sg, GPU, B);
    const got = dmaUnmapPage(k, w.sgs[sg]?.dma as MappingId, GPU, B, 2);
    const [printed, other] = messages(w, lastEvent(k));
    expectMessages(got, UNMAP_MSG, [UNMAP.WRONG_FUNCTION], printed, [other]);
  });

  it('a second unmap is "not allocated" alone', () => {
    const { w, k, sg } = world();
    dmaMapSg(k, sg, GPU, B);
    const nents = w.sgs[sg]?.nents ?? 0;
    dmaUnmapSg(k, sg, GPU, nents, B);
    const got = dmaUnmapSg(k, sg, GPU, nents + 1, T);
    const [printed, other] = messages(w, lastEvent(k));
    expectMessages(got, UNMAP_MSG, [UNMAP.NOT_MAPPED], printed, [other]);
  });
});
