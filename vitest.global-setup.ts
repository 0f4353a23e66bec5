import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where the HTML report's browser test finds Chromium (Debian's `chromium` package). */
export const CHROMIUM = process.env.DMACHECK_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Test set-up: the HTML report is checked in a real headless Chromium, which a fresh machine does
 * not have. When it is missing and we are root on a Debian-like system (CI is), install Debian's
 * `chromium` with apt-get. Elsewhere, or with DMACHECK_NO_BROWSER_INSTALL=1, leave the machine
 * alone: the browser test then fails under CI=true and is skipped otherwise.
 */
export default function setup(): void {
  if (existsSync(CHROMIUM) || process.env.DMACHECK_NO_BROWSER_INSTALL === '1') return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  process.stderr.write(`dmacheck test set-up: ${CHROMIUM} missing; installing Debian's chromium with apt-get\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args: string[]) => execFileSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    apt('update', '-qq');
    apt('install', '-y', '-qq', '--no-install-recommends', 'chromium');
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? e)
      .trim()
      .split('\n')
      .slice(-3)
      .join(' | ');
    process.stderr.write(`dmacheck test set-up: apt-get failed: ${stderr}\n`);
  }
}
