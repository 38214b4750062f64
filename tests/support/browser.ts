import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { buildWorkspace, testPassword, type WorkspaceFixture } from './factories.ts';
import { startTestRapport, testConfig, type TestRapport } from './rapport.ts';
import { chromiumPath } from './test-env.ts';

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface SignInOptions {
  /** Where to go first; the app shows the sign-in there and then that page. */
  path?: string;
  password?: string;
  viewport?: { width: number; height: number };
}

/** A fresh browser context (its own cookies) signed in as `email` through the sign-in screen. */
export async function signInAs(browser: Browser, baseUrl: string, email: string, options: SignInOptions = {}): Promise<Page> {
  const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
  const page = await context.newPage();
  await page.goto(`${baseUrl}${options.path ?? '/'}`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(options.password ?? testPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

export interface BrowserRig {
  rapport: TestRapport;
  browser: Browser;
  shop: WorkspaceFixture;
}

/** A journey's start: the production web build, a listening Rapport, one workspace, Chromium. */
export async function startBrowserRig(workspaceName: string): Promise<BrowserRig> {
  ensureWebBuilt(() => undefined);
  const rapport = await startTestRapport({ role: 'web', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  const shop = await buildWorkspace(rapport.deps, workspaceName);
  return { rapport, shop, browser: await launchChromium() };
}

export async function stopBrowserRig(rig: Partial<BrowserRig>): Promise<void> {
  await rig.browser?.close();
  await rig.rapport?.stop();
}
