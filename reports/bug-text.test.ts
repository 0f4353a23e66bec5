import { describe, expect, it } from 'vitest';
import { changesText } from './bug-text.ts';
import type { EntityChange } from './diff.ts';

const change = (name: string, ...fields: [string, string, string][]): EntityChange => ({
  name,
  created: false,
  fields: fields.map(([path, before, after]) => ({ path, before, after })),
});

describe('changesText', () => {
  it('lines the values up after the names, and keeps a space after a name longer than the column', () => {
    const text = changesText([
      change('obj#0', ['pagesPin', '1', '0']),
      change('dmabuf#0', ['cachedSg', '1', '-1']),
      change('attachment#1', ['pinned', 'true', 'false'], ['ptes[0]', '16777280', '-1'], ['ptes[1]', '16777281', '-1']),
    ]);
    expect(text).toMatchInlineSnapshot(`
      [
        "  obj#0     pagesPin 1 -> 0",
        "  dmabuf#0  cachedSg 1 -> -1",
        "  attachment#1 pinned true -> false, ptes[0] 16777280 -> -1,",
        "               ptes[1] 16777281 -> -1",
      ]
    `);
  });
});
