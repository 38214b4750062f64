/**
 * Journey (issue 4, notification emails): an agent opens My preferences, switches the email for
 * assignments off and the one for notes on followed tickets on, saves, and after a reload the
 * screen (and the server) show the choice; a kind left alone is still marked as the default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { NotificationSettings } from '../../packages/contracts/src/notification-settings.ts';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { apiAs } from '../support/api-client.ts';
import { launchChromium } from '../support/browser.ts';
import { buildWorkspace, testPassword, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  rapport = await startTestRapport({ role: 'web', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  shop = await buildWorkspace(rapport.deps, 'Juniper Books');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rapport?.stop();
});

describe('notification settings journey', () => {
  it('an agent chooses which notifications are emailed to them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
    const page = await context.newPage();
    await page.goto(`${rapport.baseUrl}/preferences`);
    await page.getByLabel('Email', { exact: true }).fill(shop.agent.email);
    await page.getByLabel('Password').fill(testPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My preferences', level: 1 }).waitFor({ timeout: 20_000 });

    const card = page.getByRole('region', { name: 'Notifications' });
    const assigned = card.getByRole('checkbox', { name: /A ticket is assigned to me/ });
    const notes = card.getByRole('checkbox', { name: /A teammate adds a note on a ticket I follow/ });
    await assigned.waitFor({ timeout: 20_000 });
    expect(await assigned.isChecked()).toBe(true);
    expect(await notes.isChecked()).toBe(false);
    await card.getByText(shop.agent.email).waitFor();
    const save = card.getByRole('button', { name: 'Save notification emails' });
    expect(await save.isDisabled()).toBe(true);

    await assigned.uncheck();
    await notes.check();
    await save.click();
    await page.getByText('Notification emails saved').waitFor({ timeout: 20_000 });

    await page.reload();
    const reloaded = page.getByRole('region', { name: 'Notifications' });
    await reloaded.getByRole('checkbox', { name: /A ticket is assigned to me/ }).waitFor({ timeout: 20_000 });
    expect(await reloaded.getByRole('checkbox', { name: /A ticket is assigned to me/ }).isChecked()).toBe(false);
    expect(await reloaded.getByRole('checkbox', { name: /A teammate adds a note on a ticket I follow/ }).isChecked()).toBe(true);
    await reloaded.getByRole('checkbox', { name: /Someone mentions me in a note \(default\)/ }).waitFor();

    const saved = (await apiAs(rapport, shop.agent).get('/api/v1/me/notification-settings')).json() as NotificationSettings;
    expect(saved.email.filter((item) => !item.isDefault).map(({ kind, isEnabled }) => ({ kind, isEnabled }))).toEqual([
      { kind: 'assigned', isEnabled: false },
      { kind: 'note', isEnabled: true },
    ]);
    await context.close();
  });
});
