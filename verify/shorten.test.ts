import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzPolicy } from '../fuzz/index.ts';
import { CTX, type Op } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { type H64, loadHasher } from './fingerprint.ts';
import { boundedConfig } from './search.ts';
import { bfsFinalPass } from './shorten.ts';

let h64: H64;
beforeAll(async () => {
  h64 = await loadHasher();
});

describe('bfsFinalPass', () => {
  it('shortens what local shrinking cannot: SEQ-PUBLISH of i915-2015-userptr-380996aa, 5 ops to 4', async () => {
    const p = policies['i915-2015-userptr-380996aa'];
    const opts = { seed: 20150709, runs: 1000, config: boundedConfig(p, { objects: 2, vms: 2 }), maxViolations: 3 };
    const code = (r: Awaited<ReturnType<typeof fuzzPolicy>>) => r.found.find((f) => f.violation.code === 'SEQ-PUBLISH');
    // Local passes only: a 5-op race (create, execbuf, worker, bind preempted, invalidate).
    const local = code(await fuzzPolicy(p, opts));
    expect(local?.ops.length).toBe(5);
    // With the final pass: another race, in 4 ops (create, invalidate preempted, bind, worker preempted).
    const bfs = code(await fuzzPolicy(p, { ...opts, finalPass: bfsFinalPass(h64) }));
    expect(bfs?.ops.map((o) => o.kind)).toEqual(['create', 'invalidate', 'bind', 'worker']);
  });

  it('leaves alone what is out of its range or already minimal', async () => {
    const p = policies['i915-2015-before-e2273302'];
    const pass = bfsFinalPass(h64);
    const config = boundedConfig(p, { objects: 1, vms: 2 });
    const op = (kind: Op['kind'], vm: number): Op => ({ kind, ctx: CTX.U0, obj: 0, vm, arg: 0, run: 0 });
    expect(await pass(p, [op('create', 0)], 'MAP-SINGLE', new Set(), config)).toBeNull();
    const three = [op('create', 0), op('bind', 0), op('bind', 1)];
    expect(await pass(p, three, 'MAP-SINGLE', new Set(), config)).toBeNull();
  });
});
