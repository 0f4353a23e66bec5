import { escapeXml as x } from './escape.ts';

/** One JUnit test case: a policy fuzzed, or a trace replayed. @category Reports */
export interface JunitCase {
  readonly name: string;
  readonly classname: string;
  /** Absent when the case passed. */
  readonly failure?: { readonly message: string; readonly body: string } | undefined;
}

/**
 * A JUnit XML report (the Ant/Surefire dialect CI systems read). No times or timestamps, so the same
 * run gives the same bytes.
 * @category Reports
 */
export function junitXml(suite: string, cases: readonly JunitCase[]): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dmacheck" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${x(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const c of cases) {
    const open = `    <testcase name="${x(c.name)}" classname="${x(c.classname)}"`;
    if (c.failure === undefined) lines.push(`${open}/>`);
    else {
      lines.push(`${open}>`);
      lines.push(`      <failure message="${x(c.failure.message)}">${x(c.failure.body)}</failure>`);
      lines.push('    </testcase>');
    }
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
