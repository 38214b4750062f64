/**
 * Journeys of teamwork (issue 6 part 5), two agents in two browser contexts on the same ticket:
 * each sees the other in the presence bar; when B types a reply, A sees "B is replying…"; once B
 * sends it, A is warned that a reply went out since they opened the ticket. An assignment reaches
 * A's notifications panel live; opening it goes to the ticket and marks it read. Following the
 * ticket lists you among its followers.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { launchChromium, signInAs } from '../support/browser.ts';
import { bearer, buildTicket, buildWorkspace, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  rapport = await startTestRapport({ role: 'all', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  shop = await buildWorkspace(rapport.deps);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rapport?.stop();
});

const signIn = (email: string, path = '/') => signInAs(browser, rapport.baseUrl, email, { path });

const nameOf = async (userId: string) =>
  (await rapport.database.query<{ name: string }>('select name from users where id = $1', [userId]))[0]?.name ?? '';

/** Serious or critical WCAG 2.x A/AA violations inside the given parts of the page. */
async function axeViolations(page: Page, selectors: string[]): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']);
  for (const selector of selectors) builder = builder.include(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

const composerText = (page: Page) => page.locator('#composer-text, [data-testid="composer-text"]').first();

describe('teamwork', () => {
  it('shows both viewers, warns A while B types a reply and after B sent it', async () => {
    const ticket = await buildTicket(rapport.deps, shop.admin.actor, {
      subject: 'Espresso machine keeps tripping the fuse',
      text: 'Every time the boiler heats up the fuse trips. Is this a known fault?',
    });
    const agentName = await nameOf(shop.agent.id);
    const leadName = await nameOf(shop.lead.id);
    const agent = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    const lead = await signIn(shop.lead.email, `/tickets/${ticket.number}`);
    await agent.getByRole('heading', { name: /Espresso machine keeps tripping/ }).waitFor({ timeout: 20_000 });
    await lead.getByRole('heading', { name: /Espresso machine keeps tripping/ }).waitFor({ timeout: 20_000 });

    // Presence: each sees the other, in words (not only a colour).
    const agentPresence = agent.getByRole('region', { name: 'Also on this ticket' });
    await agentPresence.getByText(leadName).waitFor({ timeout: 15_000 });
    await agentPresence.getByText('viewing').waitFor();
    await lead.getByRole('region', { name: 'Also on this ticket' }).getByText(agentName).waitFor({ timeout: 15_000 });
    expect(await agent.getByTestId('collision-warning').count()).toBe(0);

    // B writes an internal note: A sees it in the presence bar, but a note cannot collide with a reply.
    await lead.locator('[data-composer-mode="note"]').click();
    await composerText(lead).click();
    await composerText(lead).pressSequentially('Checking the thermostat batch', { delay: 30 });
    await agentPresence.getByText('writing a note…').waitFor({ timeout: 10_000 });
    expect(await agent.getByTestId('collision-warning').count()).toBe(0);
    await composerText(lead).fill('');

    // B types a reply: A is warned while B is typing.
    await lead.locator('[data-composer-mode="reply"]').click();
    await composerText(lead).click();
    await composerText(lead).pressSequentially('Thanks for the report, this is a known fault with the', { delay: 40 });
    const warning = agent.getByTestId('collision-warning');
    await warning.getByText(`${leadName} is replying…`).waitFor({ timeout: 10_000 });
    await agentPresence.getByText('replying…').waitFor();
    expect(await axeViolations(agent, ['.ticket-teamwork', '.collision-warning__region'])).toEqual([]);

    // B sends it: A is told a reply went out since they opened the ticket.
    await composerText(lead).pressSequentially(' thermostat; a replacement ships today.');
    await lead.getByRole('button', { name: 'Send', exact: true }).click();
    await warning.getByText(`${leadName} sent a reply since you opened this ticket`, { exact: false }).waitFor({ timeout: 20_000 });
    // …and the typing warning goes once B stops.
    await warning.getByText(`${leadName} is replying…`).waitFor({ state: 'detached', timeout: 15_000 });

    // B leaves the ticket: A no longer sees them.
    await lead.close();
    await agentPresence.waitFor({ state: 'detached', timeout: 15_000 });
    await agent.close();
  });

  it('delivers an assignment to the notifications panel live; opening it goes to the ticket and marks it read; follow the ticket', async () => {
    const ticket = await buildTicket(rapport.deps, shop.admin.actor, {
      subject: 'Invoice shows the wrong VAT number',
      text: 'Our VAT number on invoice 5521 is wrong. Please correct it.',
    });
    const leadName = await nameOf(shop.lead.id);
    const agent = await signIn(shop.agent.email);
    const bell = agent.getByTestId('notifications-bell');
    await bell.waitFor({ timeout: 20_000 });
    await agent.getByText('Live updates on').waitFor({ timeout: 20_000 });
    const response = await fetch(`${rapport.baseUrl}/api/v1/tickets/${ticket.number}`, {
      method: 'PATCH',
      headers: { ...bearer(shop.lead), 'content-type': 'application/json' },
      body: JSON.stringify({ assigneeId: shop.agent.id }),
    });
    expect(response.status).toBe(200);

    // No reload: the unread count arrives over the stream.
    await agent.getByRole('button', { name: /Notifications, \d+ unread/ }).waitFor({ timeout: 20_000 });
    await bell.click();
    const panel = agent.getByRole('dialog', { name: 'Notifications' });
    await panel.waitFor();
    const item = panel.getByRole('button', { name: new RegExp(`${leadName} assigned you #${ticket.number}`) });
    await item.waitFor();
    expect(await item.textContent()).toContain('Invoice shows the wrong VAT number');
    expect(await axeViolations(agent, ['.notifications'])).toEqual([]);
    // Focus moved into the panel and Tab keeps it there; Escape closes it and returns focus to the bell.
    const isFocusInPanel = () => agent.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));
    expect(await isFocusInPanel()).toBe(true);
    for (let press = 0; press < 4; press += 1) {
      await agent.keyboard.press('Tab');
      expect(await isFocusInPanel()).toBe(true);
    }
    await agent.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await bell.evaluate((element) => element === document.activeElement)).toBe(true);

    await bell.click();
    await item.click();
    await agent.getByRole('heading', { name: 'Invoice shows the wrong VAT number' }).waitFor({ timeout: 20_000 });
    await agent.getByRole('button', { name: 'Notifications', exact: true }).waitFor({ timeout: 10_000 });
    const unread = await rapport.database.query<{ count: number }>('select count(*)::int as count from notifications where user_id = $1 and read_at is null', [shop.agent.id]);
    expect(unread[0]?.count).toBe(0);

    // The assignee follows automatically; unfollow and follow again from the ticket page.
    const followers = agent.getByTestId('followers');
    await followers.getByText(/\(you\)/).waitFor({ timeout: 15_000 });
    await followers.getByRole('button', { name: 'Unfollow' }).click();
    await followers.getByRole('button', { name: 'Follow' }).waitFor();
    expect(await followers.getByText(/\(you\)/).count()).toBe(0);
    await followers.getByRole('button', { name: 'Follow' }).click();
    await followers.getByText(/\(you\)/).waitFor();
    await agent.close();
  });
});
