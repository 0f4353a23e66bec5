import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { opsArb, optionsFor, S } from '../generators/index.ts';
import { configFor } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { check } from './dmabuf-testing.ts';

const fixed = policies['dmabuf-reference-exporter'];
const only = ['DYN-MAP-LOCKED'] as const;
const moved = [S.create(), S.export(0), S.attach(0, 1, true), S.mapAttachment(0, 1), S.move(0), S.importJob(0, 1)];

describe('DYN-MAP-LOCKED', () => {
  it('fires when a dynamic importer keeps using its mapping after move_notify', () => {
    const r = check(policies['importer-ignores-move-notify'], moved, only);
    expect(r.violation?.message).toBe(
      'amdgpu 0000:03:00.0 did DMA to page 0 through attachment 0 after move_notify invalidated it, without mapping again',
    );
  });

  it('is silent when the importer dropped its mapping and maps again before its next job', () => {
    const r = check(fixed, [...moved, S.mapAttachment(0, 1), S.importJob(0, 1)], only);
    expect(r.violation).toBeNull();
    expect(r.world.attachments[0]?.valid).toBe(true);
  });

  test.prop([opsArb(optionsFor(fixed, { config: configFor(fixed) }))])('is silent on the fixed importer', (ops) => {
    expect(check(fixed, ops, only).violation).toBeNull();
  });
});
