import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { S } from '../generators/index.ts';
import { BLOCK, MUTEX, mutexLock, program } from '../model/index.ts';
import { definePolicy, policies } from '../policies/index.ts';

const fixed = policies['i915-2015-e2273302'];

/** Deliberately broken: bind takes struct_mutex and returns without dropping it. */
const leaksMutex = definePolicy({
  ...fixed,
  name: 'test-leaks-struct-mutex',
  programs: {
    ...fixed.programs,
    bind: program('bind', {
      lock: (k) => {
        if (mutexLock(k, MUTEX.struct_mutex) < 0) return BLOCK;
      },
    }),
  },
});

/** Deliberately broken: a shrinker that retries for ever. */
const spins = definePolicy({
  ...fixed,
  name: 'test-spins',
  programs: { ...fixed.programs, shrink: program('shrink', { retry: () => 'retry' }) },
});

describe('DEADLOCK', () => {
  it('fires when a context waits for a lock nobody will release', () => {
    const r = checkOps(leaksMutex, [S.create(), S.bind(0, 0), S.bind(0, 1, { ctx: 'U1' })]);
    expect(r.violation?.code).toBe('DEADLOCK');
    expect(r.violation?.message).toMatch(/U1:bind/);
  });

  it('is silent when a waiter only needs the GPU to finish (the drain signals fences)', () => {
    const r = checkOps(fixed, [S.create(), S.execbuf(0, 0), S.unbind(0, 0), S.close(0)]);
    expect(r.violation).toBeNull();
    expect(r.world.fences[0]?.signaled).toBe(true);
  });
});

describe('HANG', () => {
  it('fires when a program never ends', () => {
    const r = checkOps(spins, [S.shrink()], { maxSteps: 500 });
    expect(r.violation?.code).toBe('HANG');
  });

  it('is silent on programs that end', () => {
    expect(checkOps(fixed, [S.create(), S.bind(0, 0), S.shrink()], { maxSteps: 500 }).violation).toBeNull();
  });
});
