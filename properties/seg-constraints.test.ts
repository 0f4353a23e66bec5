import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { configFor } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';

const fixed = policies['dmabuf-reference-exporter'];
const buggy = policies['dmabuf-2015-no-attach-constraints'];
const only = ['SEG-CONSTRAINTS'] as const;
// obj#1's pages are allocated after obj#0's are freed: the free list hands them back reversed, so
// the buffer is no longer physically contiguous and the one-segment ISP cannot take it.
const scattered = [S.create(), S.create(), S.bind(0, 0), S.close(0), S.bind(1, 0), S.export(1), S.attach(1, 2)];

describe('SEG-CONSTRAINTS', () => {
  it('fires when a device that needs one contiguous segment attaches to a scattered buffer', () => {
    const r = check(buggy, scattered, only);
    expect(r.violation?.message).toMatch(/attach of rkisp1 fe100000.isp to obj#1's dma-buf succeeded although/);
  });

  it('fires when the mapping has more segments than the device takes', () => {
    const r = check(buggy, [...scattered, S.mapAttachment(1, 2)], ['SEG-CONSTRAINTS']);
    expect(r.violation?.code).toBe('SEG-CONSTRAINTS');
  });

  it('is silent when the exporter refuses the attach, and when the buffer fits', () => {
    expect(check(fixed, scattered, only).violation).toBeNull();
    const fits = check(fixed, [S.create(), S.export(0), S.attach(0, 2), S.mapAttachment(0, 2)], only);
    expect(fits.violation).toBeNull();
    expect(fits.world.mappings.some((m) => m.dev === 2 && m.live && m.segs.length === 1)).toBe(true);
  });

  test.prop([opsArb(optionsFor(fixed, { config: configFor(fixed) }))])('is silent on the fixed exporter', (ops) => {
    expect(check(fixed, ops, only).violation).toBeNull();
  });
});
