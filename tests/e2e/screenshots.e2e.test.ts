/**
 * Journey over the demo workspace (what `npm start` creates): an admin signs in, works through the
 * inbox, a ticket with its customer panel and a coached draft, search, notifications and the admin
 * screens. Each stop is checked, and most are photographed for the README (docs/screenshots/).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { seedDemo, type SeededDemo } from '../../apps/server/src/modules/demo/seed-demo.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

const screenshots = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

let rapport: TestRapport;
let browser: Browser;
let demo: SeededDemo;

beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  mkdirSync(screenshots, { recursive: true });
  rapport = await startTestRapport({ role: 'all', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  demo = await seedDemo(rapport.deps.db, { now: new Date(), password: 'demo password for screenshots' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rapport?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${screenshots}${name}.png`, fullPage: false });

describe('the demo workspace, page by page', () => {
  it('signs in and walks the inbox, a ticket, search, notifications and admin', async () => {
    const admin = demo.logins.find((login) => login.role === 'admin')!;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();

    await page.goto(`${rapport.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
    await shot(page, 'sign-in');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Inbox: the built-in views with counts, and rows of the demo's open tickets.
    await page.getByText('Live updates on').waitFor({ timeout: 30_000 });
    await page.goto(`${rapport.baseUrl}/views/open`);
    const rows = page.getByTestId('inbox-row');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBeGreaterThan(10);
    await shot(page, 'inbox');

    // A ticket from the list, opened with the keyboard: timeline, properties, customer panel.
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tickets\/\d+$/, { timeout: 20_000 });
    await page.getByTestId('timeline-message').first().waitFor({ timeout: 20_000 });
    const reply = page.locator('#composer-text');
    await reply.waitFor({ timeout: 20_000 });
    // A draft the coach has something to say about.
    await reply.click();
    await page.keyboard.type('Hi, please raise an RMA ASAP and we will process it per our policy!!!');
    await page.getByTestId('coach-finding').first().waitFor({ timeout: 20_000 });
    await shot(page, 'ticket');

    // Search with highlighted snippets.
    await page.keyboard.press('Escape');
    await page.goto(`${rapport.baseUrl}/search?q=refund`);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 20_000 });
    await page.locator('mark').first().waitFor({ timeout: 20_000 });
    await shot(page, 'search');

    // Keyboard help, from anywhere.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: /keyboard shortcuts/i });
    await help.waitFor({ timeout: 10_000 });
    await shot(page, 'keyboard-help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden', timeout: 10_000 });

    // Admin: users and roles.
    await page.goto(`${rapport.baseUrl}/admin/users`);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 20_000 });
    // (Its screenshot, admin-users.png, comes from the admin journey, which also sets up teams.)
    for (const login of demo.logins) await page.getByText(login.email).first().waitFor({ timeout: 20_000 });
    await context.close();
  });
});
