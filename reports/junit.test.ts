import { describe, expect, it } from 'vitest';
import { junitXml } from './junit.ts';

describe('junitXml', () => {
  it('writes one testcase per case, failures with their message and body, all escaped', () => {
    const xml = junitXml('dmacheck replay', [
      { name: 'a--MAP-SINGLE.json', classname: 'replay' },
      { name: 'b<&>.json', classname: 'replay', failure: { message: 'still "violates"', body: 'x < y\n' } },
    ]);
    expect(xml).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="dmacheck" tests="2" failures="1" errors="0">
        <testsuite name="dmacheck replay" tests="2" failures="1" errors="0" skipped="0">
          <testcase name="a--MAP-SINGLE.json" classname="replay"/>
          <testcase name="b&lt;&amp;&gt;.json" classname="replay">
            <failure message="still &quot;violates&quot;">x &lt; y
      </failure>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `);
  });
});
