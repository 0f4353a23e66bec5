import { mappingAt, UNMAP } from '../model/index.ts';
import type { Invariant } from './invariant.ts';

/** The message for an unmap or free of `what` whose `UNMAP.*` bits `b` say the entry was never checked. */
function check(what: string, obj: number, a: number, b: number): string | null {
  return (b & UNMAP.MAP_ERR_UNCHECKED) === 0
    ? null
    : `${what} of m#${a} (obj#${obj}): device driver failed to check map error [mapped as single]`;
}

/**
 * MAP-ERR-CHECKED: the address `dma_map_page` (or `dma_map_single`) returned is tested with
 * `dma_mapping_error()` before it is unmapped. kernel/dma/debug.c: `debug_dma_map_page` makes the
 * entry `MAP_ERR_NOT_CHECKED`, `debug_dma_mapping_error` marks it checked, and `check_unmap` prints
 * "device driver failed to check map error" for an entry still unchecked. sg and coherent entries
 * are exempt, and a mapping never unmapped is never reported (NO-LEAK's business). KERNEL.md §3.
 */
export const mapErrChecked: Invariant = {
  code: 'MAP-ERR-CHECKED',
  summary: 'a dma_map_page address is tested with dma_mapping_error before it is unmapped',
  source: 'kernel/dma/debug.c debug_dma_mapping_error, check_unmap; Documentation/core-api/dma-api.rst',
  events: {
    dma_unmap_sg: (_w, e) => check('dma_unmap', e.obj, e.a, e.b),
    dma_free_coherent: (_w, e) => check('dma_free_coherent', e.obj, e.a, e.b),
  },
  guard: {
    describe: 'a dma_map_page mapping unmapped',
    events: { dma_unmap_sg: (w, e) => e.a >= 0 && e.b !== UNMAP.NOT_MAPPED && mappingAt(w, e.a).kind === 'single' },
  },
};
