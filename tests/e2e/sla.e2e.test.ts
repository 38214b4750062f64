/**
 * Journey (issue 7 part 1): an admin sets business hours around the clock and creates an SLA
 * policy "Urgent: first reply 1 hour" for urgent tickets. An agent makes a ticket urgent and sees
 * its first-reply clock on the ticket page and in the inbox row, due in about an hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signInAs, startBrowserRig, stopBrowserRig } from '../support/browser.ts';
import { buildTicket, type WorkspaceFixture } from '../support/factories.ts';
import type { TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

beforeAll(async () => {
  ({ rapport, browser, shop } = await startBrowserRig('Alder Outfitters'));
});
afterAll(() => stopBrowserRig({ rapport, browser }));

const signIn = (email: string, path = '/'): Promise<Page> => signInAs(browser, rapport.baseUrl, email, { path, viewport: { width: 1280, height: 1100 } });

/** "Reply due in 59 min" or "… 1 h": about an hour from now. */
const aboutAnHour = /due in (5\d min|1 h)\b/;

describe('SLA journey', () => {
  it('sets business hours and an urgent policy, and the agent sees the clock on an urgent ticket', async () => {
    const admin = await signIn(shop.admin.email);

    // Business hours: around the clock, saved.
    await admin.getByRole('link', { name: 'Business hours' }).click();
    await admin.getByRole('heading', { name: 'Business hours', level: 1 }).waitFor({ timeout: 20_000 });
    await admin.getByTestId('business-hours-zone').waitFor({ timeout: 20_000 });
    await admin.getByRole('button', { name: 'Around the clock' }).click();
    await admin.getByTestId('weekly-open-hours').filter({ hasText: 'Open 168 hours a week.' }).waitFor({ timeout: 5_000 });
    await admin.getByRole('button', { name: 'Save business hours' }).click();
    await admin.getByText('Business hours saved').waitFor({ state: 'attached', timeout: 20_000 });

    // An SLA policy for urgent tickets: first reply within an hour, calendar time.
    await admin.getByRole('link', { name: 'SLA policies' }).click();
    await admin.getByRole('heading', { name: 'SLA policies', level: 1 }).waitFor({ timeout: 20_000 });
    await admin.getByRole('button', { name: 'New policy' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New SLA policy' });
    await dialog.getByLabel('Name').fill('Urgent: first reply 1 hour');
    await dialog.getByRole('group', { name: 'Priority' }).getByRole('checkbox', { name: 'Urgent' }).check();
    const firstReply = dialog.getByTestId('sla-target-firstReply');
    await firstReply.getByLabel('Hours').fill('1');
    await firstReply.getByLabel('Minutes').fill('0');
    await dialog.getByRole('radio', { name: 'Calendar time (around the clock)' }).check();
    await dialog.getByRole('button', { name: 'Add policy' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    const row = admin.getByTestId('sla-policy').filter({ hasText: 'Urgent: first reply 1 hour' });
    await row.getByText('First reply: 1 h').waitFor({ timeout: 20_000 });
    await admin.context().close();

    // The agent makes a ticket urgent: its first-reply clock starts, due in about an hour.
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Tent pole snapped on day one', assigneeId: shop.agent.id });
    const agent = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    await agent.getByRole('heading', { name: 'Tent pole snapped on day one', level: 1 }).waitFor({ timeout: 20_000 });
    await agent.getByRole('combobox', { name: 'Priority' }).selectOption('urgent');
    const clock = agent.getByTestId('sla-clock-first_reply');
    await clock.waitFor({ timeout: 20_000 });
    await clock.getByText(aboutAnHour).waitFor({ timeout: 20_000 });
    await clock.getByText('Urgent: first reply 1 hour').waitFor();
    expect(await clock.locator('dd time').first().getAttribute('datetime')).toMatch(/^\d{4}-/);

    // The inbox row says the same, in words.
    await agent.getByRole('link', { name: 'Mine' }).first().click();
    const inboxRow = agent.getByTestId('inbox-row').filter({ hasText: 'Tent pole snapped on day one' });
    await inboxRow.getByTestId('sla-badge').filter({ hasText: aboutAnHour }).waitFor({ timeout: 20_000 });
  });
});
