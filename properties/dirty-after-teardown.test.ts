import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkOps } from '../fuzz/index.ts';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { policies } from '../policies/index.ts';

const fixed = policies['i915-2019-userptr-484d9a8'];
const only = ['DIRTY-AFTER-TEARDOWN'] as const;

describe('DIRTY-AFTER-TEARDOWN', () => {
  it('fires when put_pages dirties userptr pages before unmapping them', () => {
    // bind queues the worker (-EAGAIN); close waits for it, then frees: put_pages dirties first.
    const r = checkOps(policies['i915-userptr-dirty-before-unmap'], [S.create('userptr'), S.bind(0, 0), S.close(0)], {
      only,
    });
    expect(r.violation?.code).toBe('DIRTY-AFTER-TEARDOWN');
    expect(r.violation?.message).toMatch(
      /mark_page_accessed\(page \d+ of obj#0\) while 0 GPU PTE\(s\) and 1 DMA mapping/,
    );
  });

  it("fires when amdgpu's 2018 notifier dirties pages the GPU still maps", () => {
    const r = checkOps(
      policies['amdgpu-2018-mn-keeps-sg'],
      [S.create('userptr'), S.execbuf(0, 0, true), S.invalidate(0)],
      {
        only,
      },
    );
    expect(r.violation?.code).toBe('DIRTY-AFTER-TEARDOWN');
    expect(r.violation?.message).toMatch(/set_page_dirty\(page \d+ of obj#0\) while 1 GPU PTE\(s\) and 1 DMA mapping/);
  });

  it('is silent when the fixed notifier unbinds and unmaps before dirtying', () => {
    const ops = [S.create('userptr'), S.bind(0, 0), S.worker(0), S.execbuf(0, 0, true), S.invalidate(0), S.close(0)];
    const r = checkOps(fixed, ops, { only });
    expect(r.violation).toBeNull();
    expect(r.world.pages.some((p) => p.dirty)).toBe(true);
  });

  test.prop([opsArb(optionsFor(fixed))])('is silent on the fixed userptr policy under any interleaving', (ops) => {
    expect(checkOps(fixed, ops, { only }).violation).toBeNull();
  });
});
