import { execFileSync } from 'node:child_process';
import { Browser, chromium } from 'playwright-core';

/** Debian's chromium (never a downloaded browser), headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  let executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) {
    try {
      executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    } catch {
      throw new Error('chromium is not installed: apt-get install -y chromium (.ci/run does this)');
    }
  }
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
