import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policies } from '../policies/index.ts';
import { CHROMIUM } from '../vitest.global-setup.ts';
import { bugReport } from './bug.ts';
import { B01_TRACE, NO_LEAK_TRACE } from './bug-fixture.ts';
import { bugHtml } from './bug-html.ts';

/**
 * The HTML report in a real headless Chromium (Debian's, installed by the test set-up): what a
 * reader sees is asserted through the browser, and the page loads nothing but itself.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const available = existsSync(CHROMIUM);

/** The one browser API the test calls inside the page (the project compiles without DOM types). */
interface Css {
  getComputedStyle(e: unknown): { backgroundColor: string };
}

describe.skipIf(!available && process.env.CI !== 'true')('HTML report in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'dmacheck-html-'));

  beforeAll(async () => {
    if (!available) throw new Error(`no Chromium at ${CHROMIUM}: the test set-up installs it when run as root`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report as a reader would (a file), recording every request the page makes. */
  async function open(name: string, html: string): Promise<{ page: Page; requests: string[]; url: string }> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url);
    return { page, requests, url };
  }

  it('shows the steps as a sequence diagram across contexts, with the violation highlighted', async () => {
    const r = bugReport(NO_LEAK_TRACE, policies['i915-2015-before-e2273302']);
    const { page, requests, url } = await open('no-leak.html', bugHtml(r));
    expect(await page.title()).toBe('dmacheck: i915-2015-before-e2273302 breaks NO-LEAK');
    expect(await page.locator('th.lane-head').allTextContents()).toEqual(['U0ioctl', 'Rreclaim', 'GGPU']);
    expect(await page.locator('tr.step').count()).toBe(r.steps.length);
    expect(await page.locator('#violation .code').textContent()).toBe('NO-LEAK');
    const failing = page.locator('tr.step.failing');
    expect(await failing.count()).toBe(1);
    expect(await failing.locator('td.act').textContent()).toMatch(/^shrink:put_pages/);
    // The failing step's box sits in the reclaim lane, drawn unlike every other box.
    expect(await failing.locator('td').nth(2).getAttribute('class')).toMatch(/\bact\b/);
    const bg = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((e) => (globalThis as unknown as Css).getComputedStyle(e).backgroundColor);
    expect(await bg('tr.failing .box')).not.toBe(await bg('tr.step:not(.failing) .box'));
    expect(await page.locator('#ops li.failing').textContent()).toBe('7 [R] shrinker runs (reclaim)');
    expect(await page.locator('#state').textContent()).toMatch('sg#0 freed false → true');
    expect(requests).toEqual([url]);
  });

  it('shows hostile strings as text and runs none of them', async () => {
    const note = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>'"&`;
    const r = bugReport({ ...B01_TRACE, note }, policies['i915-2015-before-e2273302']);
    const { page, requests, url } = await open('hostile.html', bugHtml(r));
    expect(await page.title()).toBe('dmacheck: i915-2015-before-e2273302 breaks MAP-SINGLE');
    expect(await page.locator('p.note').textContent()).toBe(note);
    expect(await page.locator('script, img').count()).toBe(0);
    expect(requests).toEqual([url]);
  });
});
