import { describe, expect, it } from 'vitest';
import { S } from '../generators/index.ts';
import { configFor } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { checkOps } from './check.ts';
import { minimise } from './minimise.ts';

const buggy = policies['i915-2015-before-e2273302'];

describe('minimise', () => {
  it('drops ops that do nothing for the failure and undoes needless preemption', () => {
    // Seed 58 of an earlier build shrank to this: the shrink is a no-op (struct_mutex is held).
    const ops = [S.create(), S.bind(0, 0, { run: 1 }), S.bind(0, 1, { ctx: 'U1' }), S.shrink()];
    expect(checkOps(buggy, ops).violation?.code).toBe('MAP-SINGLE');
    const min = minimise(buggy, ops, 'MAP-SINGLE', new Set());
    expect(min.ops).toEqual([S.create(), S.bind(0, 0), S.bind(0, 1)]);
  });

  it('keeps the violated invariant: it never trades it for another', () => {
    const ops = [S.create(), S.bind(0, 0), S.bind(0, 1), S.shrink()];
    const mask = ['MAP-SINGLE', 'DIRTY-AFTER-TEARDOWN'] as const;
    const min = minimise(buggy, ops, 'NO-LEAK', new Set(mask));
    expect(checkOps(buggy, min.ops, { mask: [...mask] }).violation?.code).toBe('NO-LEAK');
    expect(min.ops).toHaveLength(4);
  });

  it('moves a chain of ops on one buffer to the first object, so that the unused create goes', () => {
    const p = policies['streaming-sync-nonconservative-region'];
    const config = configFor(p);
    const chain = (o: number) => [
      S.export(o),
      S.attach(o, 2),
      S.mapAttachment(o, 2),
      S.importJob(o, 2, true),
      S.cpuAccess(o),
    ];
    const ops = [S.create(), S.create(), ...chain(1)];
    expect(checkOps(p, ops, { config }).violation?.code).toBe('BOUNCE-COHERENT');
    // One op at a time, moving export(1) to obj#0 breaks the chain; all of them at once does not.
    expect(minimise(p, ops, 'BOUNCE-COHERENT', new Set(), config).ops).toEqual([S.create(), ...chain(0)]);
  });
});
