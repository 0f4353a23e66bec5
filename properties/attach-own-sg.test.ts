import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { configFor } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';

const fixed = policies['dmabuf-reference-exporter'];
const only = ['ATTACH-OWN-SG'] as const;
const twoImporters = [
  S.create(),
  S.export(0),
  S.attach(0, 1),
  S.mapAttachment(0, 1),
  S.attach(0, 2),
  S.mapAttachment(0, 2),
];

describe('ATTACH-OWN-SG', () => {
  it("fires when the exporter hands the first attachment's table to a second device", () => {
    const r = check(policies['exporter-2015-cached-sg'], twoImporters, only);
    expect(r.violation?.message).toMatch(
      /attachment 1 of rkisp1 fe100000.isp got the table mapped for attachment 0 \(amdgpu 0000:03:00.0, m#1\)/,
    );
  });

  it('is silent when each attachment gets its own table', () => {
    const r = check(fixed, twoImporters, only);
    expect(r.violation).toBeNull();
    expect(r.world.mappings.filter((m) => m.live && m.att >= 0).map((m) => m.dev)).toEqual([1, 2]);
  });

  test.prop([opsArb(optionsFor(fixed, { config: configFor(fixed) }))])('is silent on the fixed exporter', (ops) => {
    expect(check(fixed, ops, only).violation).toBeNull();
  });
});
