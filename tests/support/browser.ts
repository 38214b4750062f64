import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './test-env.ts';

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
