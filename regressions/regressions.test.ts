import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRegression, readTrace, type Trace } from '../fuzz/index.ts';
import type { Policy } from '../model/index.ts';
import { isPolicyName, policies } from '../policies/index.ts';

/**
 * Every trace in this directory, replayed for ever: on the policy it was recorded on it must still
 * break its invariant, ops running as recorded; on that policy's fix it must run clean. A trace
 * added here is picked up without touching this file (the malformed ones live in bad/).
 */
const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): Trace {
  const r = readTrace(join(here, file));
  if (!r.ok) throw new Error(`${file}: ${r.error}`);
  return r.trace;
}

describe('regression traces', () => {
  it.each(files)('%s fails its policy with its invariant, and passes the fix', (file) => {
    const t = load(file);
    expect(isPolicyName(t.policy), `${file} names policy ${t.policy}, which is not built in (renamed?)`).toBe(true);
    const v = checkRegression(t, policies[t.policy as keyof typeof policies]);
    expect(file.startsWith(`${t.policy}--`), `${file} is named after its policy`).toBe(true);
    expect(v.problems).toEqual([]);
    expect(v.found).toBe(t.expect.code);
    expect(v.fix, `${t.policy} has no fixed twin to replay on`).not.toBeNull();
  });

  it('ships a trace for every violation a buggy built-in policy declares', () => {
    const shipped = new Set(files.map(load).map((t) => `${t.policy} ${t.expect.code}`));
    const missing = (Object.values(policies) as Policy[]).flatMap((p) =>
      p.expects.map((code) => `${p.name} ${code}`).filter((k) => !shipped.has(k)),
    );
    // To add them: npx dmacheck fuzz --policy NAME --seed 1 --save-regression
    expect(missing).toEqual([]);
  });
});
