import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { configFor } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';

const fixed = policies['dmabuf-reference-exporter'];
const only = ['SG-WALK'] as const;
// Behind the second GPU's IOMMU the two pages merge into one DMA segment.
const merged = [S.create(), S.export(0), S.attach(0, 1), S.mapAttachment(0, 1)];

describe('SG-WALK', () => {
  it('fires when the importer takes DMA entry i as page i (TTM before c0f83d164fb8)', () => {
    const r = check(policies['ttm-2020-before-42e67b479eab'], merged, only);
    expect(r.violation?.message).toMatch(/miss pages its mapping m#1 covers \(1 DMA segment\(s\) for 2 pages\)/);
  });

  it('is silent when the importer walks the DMA segments', () => {
    const r = check(fixed, merged, only);
    expect(r.violation).toBeNull();
    expect(r.world.attachments[0]?.ptes).toEqual([0, 1]);
  });

  test.prop([opsArb(optionsFor(fixed, { config: configFor(fixed) }))])('is silent on the fixed importer', (ops) => {
    expect(check(fixed, ops, only).violation).toBeNull();
  });
});
