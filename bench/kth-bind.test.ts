import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { S } from '../generators/index.ts';
import { kthBindPolicy } from './kth-bind.ts';

describe('kthBindPolicy', () => {
  it('binds correctly k - 1 times, then maps again', () => {
    const p = kthBindPolicy(3);
    const two = [S.create(), S.bind(0, 0), S.bind(0, 1)];
    expect(checkOps(p, two).violation).toBeNull();
    expect(checkOps(p, [...two, S.bind(0, 2)]).violation?.code).toBe('MAP-SINGLE');
  });

  it('counts binds per run, from zero', () => {
    const p = kthBindPolicy(2);
    expect(checkOps(p, [S.create(), S.bind(0, 0)]).violation).toBeNull();
    expect(checkOps(p, [S.create(), S.bind(0, 0)]).violation).toBeNull();
  });
});
