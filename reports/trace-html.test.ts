import { describe, expect, it } from 'vitest';
import { checkFile, checkLines } from '../ftrace/index.ts';
import { kline } from '../ftrace/trace-testing.ts';
import { traceHtml } from './trace-html.ts';

const DEV = '0000:03:00.0';

describe('traceHtml', () => {
  it('renders each rule broken with its findings and their line numbers, the same bytes every time', async () => {
    const r = await checkFile('ftrace/testdata/three-bugs.txt');
    const page = traceHtml([r]);
    expect(page).toBe(traceHtml([await checkFile('ftrace/testdata/three-bugs.txt')]));
    expect(page).toMatch(/^<!doctype html>\n/);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(page).not.toMatch(/<script|https?:\/\//);
    const group = page.slice(page.indexOf('<section class="group error" id="trace-0-0">'));
    expect(group.slice(0, group.indexOf('</section>'))).toMatchInlineSnapshot(`
      "<section class="group error" id="trace-0-0">
      <h3><span class="code">MAP-BALANCED</span> VIOLATION (1)</h3>
      <p>every unmap or free matches one live mapping, made by its pair function, with its nents, size and direction</p>
      <p class="source">source: kernel/dma/debug.c check_unmap; Documentation/core-api/dma-api.rst</p>
      <table class="findings"><thead><tr><th>lines</th><th>device</th><th>what</th></tr></thead><tbody><tr><td class="lines">14, 16</td><td>0000:03:00.0</td><td class="what">dma_unmap_phys of dma 0xfffe0000: frees DMA memory with different direction [mapped with FROM_DEVICE at line 14] [unmapped with TO_DEVICE]</td></tr></tbody></table>
      "
    `);
    for (const lines of ['17, 19, 20', '21']) expect(page).toContain(`<td class="lines">${lines}</td>`);
    expect(page.match(/<section class="group /g)).toHaveLength(3);
  });

  it('escapes what the trace holds and lists warnings and notes of a clean verdict', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const r = checkLines('<script>.txt', [
      'CPU:1 [LOST 3 EVENTS]',
      kline('dma_unmap_phys', `${evil} dir=TO_DEVICE dma_addr=fffe0000 size=4096 attrs=`),
      kline('dma_map_phys', `${DEV} dir=TO_DEVICE dma_addr=1000 size=8 phys_addr=2000 attrs=`),
      kline('dma_unmap_phys', `${DEV} dir=TO_DEVICE dma_addr=1000 size=8 attrs=`),
    ]);
    const page = traceHtml([r]);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;.txt');
    expect(page).toContain('<section class="group warning"');
    expect(page).toContain('<h2 class="verdict clean">');
    expect(page).toMatch(/<ul class="notes"><li>events lost at 1 marker: line 1 \(CPU 1, 3\)/);
  });
});
