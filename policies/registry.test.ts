import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIRED_PROGRAMS } from '../model/index.ts';
import { INVARIANT_CODES, invariants } from '../properties/index.ts';
import { withCatalogue } from './catalogue-table.ts';
import { fixedTwin, policies, resolvePolicyName } from './index.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('policy registry', () => {
  it.each(Object.entries(policies))('%s is complete and cites its source', (key, p) => {
    expect(p.name).toBe(key);
    for (const op of REQUIRED_PROGRAMS) expect(p.programs[op], op).toBeDefined();
    expect(p.source).toMatch(/commit|seed|thread|KERNEL\.md|Documentation\/|Message-Id|drivers\//);
    for (const code of p.expects) expect(INVARIANT_CODES).toContain(code);
    if (p.twin !== undefined) expect(resolvePolicyName(p.twin), p.twin).toBeDefined();
    if (p.expects.length > 0) expect(fixedTwin(p)?.expects).toEqual([]);
  });

  it('every policy and invariant appears in the README', () => {
    for (const name of Object.keys(policies)) expect(readme).toContain(`\`${name}\``);
    for (const code of Object.keys(invariants)) expect(readme).toContain(`\`${code}\``);
  });

  it("the README's catalogue table is the registry's (npm run docs rewrites it)", () => {
    expect(withCatalogue(readme)).toBe(readme);
  });
});
