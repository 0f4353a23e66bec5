import fc from 'fast-check';
import { type ContextId, CTX, DEFAULT_CONFIG, IMPORTERS, type Op, type WorldConfig } from '../model/index.ts';

/**
 * The setup prefix of a choice sequence: the objects the other ops work on. Every other op needs
 * an object, and with creates drawn like any op most sequences would hold none. Likewise every
 * importer op needs an exported buffer and an attachment: where the policy shares buffers, the setup
 * may export each object it creates (drm_gem_prime_export) and import it into the importing devices,
 * an import being an attach followed, or not, by a map at once (drm_gem_prime_import_dev calls
 * dma_buf_attach, then dma_buf_map_attachment). The body still draws every kind, so any order of
 * these ops can still be generated; the setup only makes the shared states common.
 */
export interface SetupOptions {
  readonly config?: WorldConfig | undefined;
  /** Backing kinds `create` picks from (index into BACKINGS). */
  readonly backings?: readonly number[] | undefined;
  /** Objects may be exported and imported (the policy has the dma-buf programs). */
  readonly share?: boolean | undefined;
}

const USER: readonly ContextId[] = [CTX.U0 as ContextId, CTX.U1 as ContextId];
const I = CTX.I as ContextId;

function op(kind: Op['kind'], ctx: ContextId, obj: number, vm: number, arg: number): Op {
  return { kind, ctx, obj, vm, arg, run: 0 };
}

/** How each importing device imports: 1 for a dynamic attachment, and whether it maps at once. */
const howArb = fc.array(fc.tuple(fc.nat({ max: 1 }), fc.boolean()), {
  minLength: IMPORTERS.length,
  maxLength: IMPORTERS.length,
});

export function setupArb(opts: SetupOptions, max: number): fc.Arbitrary<Op[]> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const share = opts.share === true;
  const object = fc.record({
    ctx: fc.constantFrom(...USER),
    backing: fc.constantFrom(...(opts.backings ?? [0])),
    exported: share ? fc.boolean() : fc.constant(false),
    /** The devices that import it, in the order they attach. */
    importers: share ? fc.shuffledSubarray([...IMPORTERS]) : fc.constant<number[]>([]),
    how: share ? howArb : fc.constant<[number, boolean][]>([]),
  });
  return fc.array(object, { minLength: 1, maxLength: Math.min(config.maxObjects, max) }).map((objects) => {
    const ops: Op[] = [];
    // The i-th create makes object i: the setup runs first, on an empty world.
    objects.forEach((o, obj) => {
      ops.push(op('create', o.ctx, 0, 0, o.backing));
      if (!o.exported) return;
      ops.push(op('export', o.ctx, obj, 0, 0));
      o.importers.forEach((dev, i) => {
        const [dynamic, map] = o.how[i] ?? [0, false];
        ops.push(op('attach', I, obj, dev, dynamic));
        if (map) ops.push(op('map_attachment', I, obj, dev, 0));
      });
    });
    return ops;
  });
}
