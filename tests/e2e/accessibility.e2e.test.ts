/**
 * Accessibility scan (issue 6): axe-core over the agent app's main pages in Chromium, against the
 * built app and a real server, with WCAG 2.0/2.1/2.2 A and AA rules. A page fails on any serious or
 * critical violation; moderate and minor ones are printed but do not fail. The full findings of
 * the run are written to test-results/accessibility.txt.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { adminPaths, macrosAdminPath, preferencesPath } from '../../apps/web/src/modules/admin/admin-paths.ts';
import { lessonsPath } from '../../apps/web/src/modules/lessons/lessons-paths.ts';
import { promisesPath } from '../../apps/web/src/modules/promises/promises-paths.ts';
import { parityPath } from '../../apps/web/src/modules/reports/reports-paths.ts';
import { approvalsPath, ledgerPath } from '../../apps/web/src/modules/resolutions/resolutions-paths.ts';
import { overridesReportPath } from '../../apps/web/src/modules/overrides/overrides-paths.ts';
import { apiAs } from '../support/api-client.ts';
import { emailSettingsPath, quarantinePath } from '../../apps/web/src/modules/email/email-paths.ts';
import { launchChromium } from '../support/browser.ts';
import { buildTicket, buildWorkspace, testPassword, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const failingImpacts = new Set(['serious', 'critical']);
const report: string[] = [];

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;
let admin: BrowserContext;
let ticketNumber: number;

beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  rapport = await startTestRapport({ role: 'all', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  shop = await buildWorkspace(rapport.deps);
  const ticket = await buildTicket(rapport.deps, shop.admin.actor, {
    subject: 'Espresso machine leaks from the steam wand',
    text: 'Since yesterday the steam wand of my espresso machine drips water onto the counter. Can you help?',
    assigneeId: shop.admin.id,
  });
  ticketNumber = ticket.number;
  // A discretion limit, and a refund above it waiting for approval: the limits, approvals and ledger pages show data.
  const limits = await apiAs(rapport, shop.admin).put('/api/v1/discretion-limits', { items: [{ role: 'agent', action: 'refund', currency: 'EUR', perAction: '50.00' }] });
  const refund = await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${ticket.number}/resolution-actions`, { action: 'refund', amount: '80.00', currency: 'EUR', reason: 'The steam wand leaks: refund while it is repaired' });
  if (limits.statusCode !== 200 || refund.statusCode !== 201) throw new Error(`resolution setup failed: ${limits.body} ${refund.body}`);
  // A routing override: the ticket's routing and overrides panels and the overrides report show data.
  const routed = await apiAs(rapport, shop.admin).post(`/api/v1/tickets/${ticket.number}/routing/override`, { assigneeId: shop.admin.id, reason: 'I know this espresso machine well' });
  if (routed.statusCode !== 200) throw new Error(`override setup failed: ${routed.body}`);
  await buildTicket(rapport.deps, shop.admin.actor, { subject: 'Grinder makes a rattling noise', tags: ['grinder', 'noise'] });
  browser = await launchChromium();
  admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await admin.newPage();
  await signIn(page, shop.admin.email);
  await page.close();
});

afterAll(async () => {
  mkdirSync('test-results', { recursive: true });
  writeFileSync(join('test-results', 'accessibility.txt'), `${report.join('\n\n')}\n`);
  await browser?.close();
  await rapport?.stop();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${rapport.baseUrl}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(testPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in screen has a heading too: wait for it to go, or the request may be cut short.
  await page.getByLabel('Password').waitFor({ state: 'detached', timeout: 30_000 });
}

/** Waits until the screen has rendered its data: a main heading and no loading indicator left. */
async function settle(page: Page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
  if (await page.getByRole('button', { name: 'Sign in' }).isVisible()) throw new Error('signed out: the page shows the sign-in screen');
  await page.waitForFunction(() => !/Loading|Starting Rapport/.test(document.body.innerText.slice(0, 5000)), undefined, { timeout: 15_000 }).catch(() => undefined);
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
}

/** Runs axe; returns the serious and critical violations as readable lines (all findings go to the report file). */
async function scan(page: Page, label: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  const lines: string[] = [];
  const failing: string[] = [];
  for (const violation of results.violations) {
    for (const node of violation.nodes) {
      const line = `[${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help}\n    at ${node.target.join(' ')}\n    ${node.html.slice(0, 200)}\n    ${(node.failureSummary ?? '').replaceAll('\n', '\n    ')}`;
      lines.push(line);
      if (failingImpacts.has(violation.impact ?? '')) failing.push(`${violation.id} (${violation.impact}) at ${node.target.join(' ')}: ${violation.help}`);
    }
  }
  report.push(`## ${label} (${page.url().replace(rapport.baseUrl, '')})\n${lines.length ? lines.join('\n') : 'no violations'}`);
  return failing;
}

async function scanSignedIn(path: string, label: string, prepare?: (page: Page) => Promise<void>): Promise<string[]> {
  const page = await admin.newPage();
  try {
    await page.goto(`${rapport.baseUrl}${path}`);
    await settle(page);
    await prepare?.(page);
    return await scan(page, label);
  } catch (error) {
    // What the page showed when it never became ready, for whoever reads the failure.
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: join('test-results', `accessibility-${label.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
    throw error;
  } finally {
    await page.close();
  }
}

describe('accessibility (axe-core, WCAG 2.x A and AA): no serious or critical violations', () => {
  it('sign-in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${rapport.baseUrl}/`);
    await page.getByLabel('Email').waitFor();
    expect(await scan(page, 'sign-in')).toEqual([]);
    await context.close();
  });

  it('inbox', async () => {
    expect(await scanSignedIn('/views/mine', 'inbox', async (page) => void (await page.getByText('Espresso machine leaks').first().waitFor()))).toEqual([]);
  });

  // Scans the keyboard help overlay once it exists; until then this is the inbox again.
  it('inbox with the keyboard help open', async () => {
    const failing = await scanSignedIn('/views/mine', 'keyboard help', async (page) => {
      await page.getByText('Espresso machine leaks').first().waitFor();
      await page.keyboard.press('?');
      await page.getByRole('dialog').first().waitFor({ timeout: 3_000 }).catch(() => undefined);
    });
    expect(failing).toEqual([]);
  });

  it('ticket page', async () => {
    const failing = await scanSignedIn(`/tickets/${ticketNumber}`, 'ticket page', async (page) => {
      await page.getByText('steam wand of my espresso machine').first().waitFor();
    });
    expect(failing).toEqual([]);
  });

  it('ticket page with coach findings in the composer', async () => {
    const failing = await scanSignedIn(`/tickets/${ticketNumber}`, 'ticket page, coach findings', async (page) => {
      await page.getByText('steam wand of my espresso machine').first().waitFor();
      await page.locator('#composer-text').fill('Hi, unfortunately per our policy the RMA needs an SKU. We will fix it tomorrow, I promise!!');
      await page.getByText(/suggestion/).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    });
    expect(failing).toEqual([]);
  });

  it('ticket page with the manual routing dialog open', async () => {
    const failing = await scanSignedIn(`/tickets/${ticketNumber}`, 'manual routing dialog', async (page) => {
      await page.getByRole('button', { name: 'Route manually…' }).click();
      await page.getByRole('dialog', { name: `Route ticket #${ticketNumber} by hand` }).getByLabel('Assignee').waitFor();
    });
    expect(failing).toEqual([]);
  });

  it('notifications panel', async () => {
    const failing = await scanSignedIn('/views/mine', 'notifications panel', async (page) => {
      await page.getByRole('button', { name: /notification/i }).first().click();
      await page.getByRole('dialog').first().waitFor({ timeout: 5_000 });
    });
    expect(failing).toEqual([]);
  });

  it('search', async () => {
    expect(await scanSignedIn('/search?q=espresso', 'search')).toEqual([]);
  });

  // The list itself is scanned with the admin pages below; this is the editor, with a time rule and a condition row.
  it('automation editor', async () => {
    const failing = await scanSignedIn(adminPaths.automations, 'automation editor', async (page) => {
      await page.getByRole('button', { name: 'New automation' }).click();
      const editor = page.getByRole('dialog', { name: 'New automation' });
      await editor.getByLabel('When').selectOption('time');
      await editor.getByRole('button', { name: 'Add condition: All of these' }).click();
      await editor.getByLabel('Field (condition 1)').waitFor();
    });
    expect(failing).toEqual([]);
  });

  // The empty list is scanned with the admin pages below; this is an endpoint with its secret and deliveries log open.
  it('webhook endpoint details', async () => {
    const failing = await scanSignedIn(adminPaths.webhooks, 'webhook endpoint details', async (page) => {
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
      await dialog.getByLabel('URL').fill('https://shop.example.test/rapport-webhook');
      await dialog.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByRole('button', { name: 'Send test event to https://shop.example.test/rapport-webhook' }).click();
      await page.getByTestId('webhook-delivery').first().waitFor();
    });
    expect(failing).toEqual([]);
  });

  const adminPages: [string, string][] = [
    ...Object.entries(adminPaths).map(([name, path]): [string, string] => [`admin: ${name}`, path]),
    ['admin: macros', macrosAdminPath],
    ['preferences', preferencesPath],
    ['email settings', emailSettingsPath],
    ['quarantine', quarantinePath],
    ['lessons', lessonsPath],
    ['my promises', promisesPath],
    ['parity report', parityPath],
    ['approvals', approvalsPath],
    ['resolution ledger', ledgerPath],
    ['overrides report', overridesReportPath],
  ];
  it.each(adminPages)('%s', async (label, path) => {
    expect(await scanSignedIn(path, label)).toEqual([]);
  });
});
