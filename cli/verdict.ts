import type { FuzzResult } from '../fuzz/index.ts';
import type { Policy } from '../model/index.ts';
import { expectsOn } from '../policies/index.ts';

/** How a built-in policy fared against what it declares (`fuzz --all`). */
export interface Verdict {
  readonly name: string;
  readonly asDeclared: boolean;
  readonly found: string[];
  readonly undeclared: string[];
  readonly notReached: string[];
  /** With `--platform`: where each code showed, one row per platform the policy ran on. */
  readonly platforms?: readonly { readonly name: string; readonly found: readonly string[] }[];
}

/** A policy behaves as declared when it breaks only what it declares, and something iff it declares something. */
export function verdict(p: Policy, r: FuzzResult): Verdict {
  return verdictOfCodes(
    p,
    r.found.map((f) => f.violation.code),
  );
}

/** The verdict for the codes a search (fuzz or verify) found. */
export function verdictOfCodes(p: Policy, found: string[]): Verdict {
  const undeclared = found.filter((c) => !p.expects.includes(c));
  const notReached = p.expects.filter((c) => !found.includes(c));
  const asDeclared = undeclared.length === 0 && (p.expects.length === 0) === (found.length === 0);
  return { name: p.name, asDeclared, found, undeclared, notReached };
}

/**
 * A policy checked on several platforms behaves as declared when no platform shows an undeclared
 * code, a buggy policy shows something on some platform, and a correct one nothing anywhere (as
 * `verdict`; declared codes no platform showed are listed as not reached):
 * a bug may show on one machine and not another, and the rows say where.
 */
export function matrixVerdict(p: Policy, runs: readonly { platform: string; result: FuzzResult }[]): Verdict {
  return matrixVerdictOfCodes(
    p,
    runs.map((r) => ({ platform: r.platform, found: r.result.found.map((f) => f.violation.code) })),
  );
}

/** `matrixVerdict` for the codes each platform's search (fuzz or verify) found. */
export function matrixVerdictOfCodes(p: Policy, runs: readonly { platform: string; found: string[] }[]): Verdict {
  const rows = runs.map((r) => ({ name: r.platform, found: r.found }));
  const found = [...new Set(rows.flatMap((r) => r.found))];
  // A code `onlyOn` confines to other machines is undeclared where it shows (named with the platform).
  const undeclared = [
    ...found.filter((c) => !p.expects.includes(c)),
    ...rows.flatMap((r) => {
      const mine = expectsOn(p, r.name);
      return r.found.filter((c) => p.expects.includes(c) && !mine.includes(c)).map((c) => `${c}@${r.name}`);
    }),
  ];
  const notReached = p.expects.filter((c) => !found.includes(c));
  const asDeclared = undeclared.length === 0 && (p.expects.length === 0) === (found.length === 0);
  return { name: p.name, asDeclared, found, undeclared, notReached, platforms: rows };
}

export function verdictLine(v: Verdict): string {
  const what = v.found.length === 0 ? 'clean' : v.found.join(' ');
  const notes = [
    v.undeclared.length ? `undeclared: ${v.undeclared.join(' ')}` : '',
    v.notReached.length && v.found.length ? `not reached: ${v.notReached.join(' ')}` : '',
  ].filter(Boolean);
  return `${v.asDeclared ? 'ok  ' : 'FAIL'} ${v.name.padEnd(38)} ${what}${notes.length ? `  (${notes.join('; ')})` : ''}`;
}

/** The catalogue summary; policies an interrupt kept from running are listed as such. */
export function summaryText(vs: readonly Verdict[], notRun: readonly string[] = []): string {
  const out = ['catalogue:'];
  for (const v of vs) {
    out.push(`  ${verdictLine(v)}`);
    for (const row of v.platforms ?? []) {
      out.push(`         on ${row.name.padEnd(35)} ${row.found.length === 0 ? 'clean' : row.found.join(' ')}`);
    }
  }
  for (const name of notRun) out.push(`  --   ${name.padEnd(38)} not run (interrupted)`);
  return `${out.join('\n')}\n`;
}
