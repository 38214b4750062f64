/**
 * Journey (issue 7 part 7; P3, P29): an admin sets the agents' refund limit (EUR 50 an action); an
 * agent on a ticket takes the suggested refund, approved at once; asks for EUR 120, which waits for
 * approval; a lead already on the Approvals screen in a second browser sees the request arrive
 * without a reload and in their notifications, and approves it with a note; the agent's page, never
 * reloaded, shows "Approved by <lead>" and the agent is notified. The ledger lists both and exports
 * them as CSV. Then: a limit set on the admin screen, a rejection the agent reads live, and a
 * withdrawn request leaving the lead's screen live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { formatMoney } from '../../apps/web/src/modules/resolutions/money.ts';
import { apiAs } from '../support/api-client.ts';
import { launchChromium, signInAs } from '../support/browser.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

// The approval notifications are made by an outbox listener: the worker role runs it, so 'all'.
beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  rapport = await startTestRapport({ role: 'all', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  shop = await buildWorkspace(rapport.deps, 'Juniper Coffee Gear');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rapport?.stop();
});

const viewport = { width: 1400, height: 1100 };

const nameOf = async (userId: string) => (await rapport.database.query<{ name: string }>('select name from users where id = $1', [userId]))[0]?.name ?? '';

/** Opens the notifications panel, returns its text, and closes it again. */
async function notificationsText(page: Page): Promise<string> {
  await page.getByTestId('notifications-bell').click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  await panel.waitFor();
  const text = await panel.innerText();
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  return text;
}

describe('resolution approval journey', () => {
  it('gives within the limit at once, and above it asks a lead who approves live in a second browser', async () => {
    const limits = await apiAs(rapport, shop.admin).put('/api/v1/discretion-limits', {
      items: [
        { role: 'agent', action: 'refund', currency: 'EUR', perAction: '50.00', perPeriod: '200.00', period: 'month' },
        { role: 'lead', action: 'refund', currency: 'EUR', perAction: '500.00' },
      ],
    });
    expect(limits.statusCode, limits.body).toBe(200);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, {
      subject: 'Grinder arrived with a cracked hopper',
      text: 'Hello, the grinder I ordered arrived today and the hopper is cracked. I would like my money back for it.',
      customer: { email: 'ines.moreau@example.test', name: 'Ines Moreau' },
      assigneeId: shop.agent.id,
    });
    const [agentName, leadName] = [await nameOf(shop.agent.id), await nameOf(shop.lead.id)];

    // The lead waits on Approvals: nothing yet.
    const lead = await signInAs(browser, rapport.baseUrl, shop.lead.email, { path: '/approvals', viewport });
    await lead.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor({ timeout: 20_000 });
    await lead.getByText('Nothing waits for approval.').waitFor({ timeout: 20_000 });

    const agent = await signInAs(browser, rapport.baseUrl, shop.agent.email, { path: `/tickets/${ticket.number}`, viewport });
    await agent.getByRole('heading', { name: 'Grinder arrived with a cracked hopper', level: 1 }).waitFor({ timeout: 20_000 });
    const panel = agent.getByTestId('resolution-panel');
    const form = panel.getByTestId('resolution-form');
    await form.waitFor({ timeout: 20_000 });
    const hint = panel.getByTestId('resolution-hint');

    // The suggestion (our mistake: a cracked part) fills the form within the agent's limit; the hint
    // says so as the amount is typed, and the refund is approved at once.
    const suggestion = panel.getByTestId('resolution-suggestion');
    await suggestion.getByText(/^Suggested: Refund of €\d+\.\d{2}$/).waitFor({ timeout: 10_000 });
    await expect.poll(() => form.getByLabel('Currency').inputValue(), { timeout: 10_000 }).toBe('EUR');
    await suggestion.getByRole('button', { name: 'Use suggestion' }).click();
    await expect.poll(() => form.getByLabel('Action').inputValue()).toBe('refund');
    const suggested = await form.getByLabel('Amount').inputValue();
    expect(Number(suggested)).toBeGreaterThan(0);
    expect(Number(suggested)).toBeLessThanOrEqual(50);
    await suggestion.getByText(`Suggested: Refund of ${formatMoney(suggested, 'EUR')}`).waitFor();
    await expect.poll(() => agent.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await form.getByLabel('Amount').fill('20');
    await hint.getByText('Within your limit: given at once (€200.00 left of your monthly limit).').waitFor({ timeout: 10_000 });
    await form.getByLabel('Amount').fill(suggested);
    await hint.getByText(/^Within your limit: given at once/).waitFor({ timeout: 10_000 });
    await form.getByLabel('Reason').fill('Cracked hopper on arrival: part refund while the new one ships');
    await form.getByRole('button', { name: 'Give now' }).click();
    const items = panel.getByTestId('resolution-item');
    const given = items.filter({ hasText: formatMoney(suggested, 'EUR') });
    await given.getByText('Approved (within your limit)').waitFor({ timeout: 10_000 });
    await expect.poll(() => form.getByLabel('Amount').inputValue()).toBe('');

    // Above the limit: the hint names the limit, and the request waits for a lead.
    await form.getByLabel('Amount').fill('120');
    await hint.getByText('Above your limit of €50.00: a lead will be asked to approve.').waitFor({ timeout: 10_000 });
    await form.getByLabel('Reason').fill('Full refund: the customer returns the grinder');
    await form.getByRole('button', { name: 'Ask for approval' }).click();
    const asked = items.filter({ hasText: '€120.00' });
    await asked.getByText('Waiting for approval').waitFor({ timeout: 10_000 });
    await asked.getByRole('button', { name: /Cancel the request for Refund of €120\.00/ }).waitFor();

    // The lead's screen shows it without a reload, with who asked, why, and which limit it is above.
    const request = lead.getByTestId('approval').filter({ hasText: `#${ticket.number} Grinder arrived with a cracked hopper` });
    await request.waitFor({ timeout: 20_000 });
    await request.getByText('Refund · €120.00').waitFor();
    await request.getByText('Ines Moreau').waitFor();
    await request.getByText(agentName, { exact: true }).waitFor();
    await request.getByText('Full refund: the customer returns the grinder').waitFor();
    await request.getByText(`it is above ${agentName}’s limit per action.`).waitFor();
    expect(await lead.getByTestId('approval').count()).toBe(1);
    await lead.getByTestId('approvals-count').getByText('1', { exact: true }).waitFor({ timeout: 10_000 });

    // …and in the lead's notifications.
    await expect
      .poll(() => notificationsText(lead), { timeout: 20_000, interval: 1000 })
      .toContain(`${agentName} asks to approve a €120.00 refund on #${ticket.number}`);

    // Rejecting needs a reason; approving takes an optional note.
    await request.getByRole('button', { name: `Reject Refund of €120.00 on #${ticket.number}` }).click();
    await request.getByText('Say why it is rejected.').waitFor();
    await request.getByLabel('Note (needed to reject)').fill('Fine: our courier broke it');
    await request.getByRole('button', { name: `Approve Refund of €120.00 on #${ticket.number}` }).click();
    await lead.getByText('Nothing waits for approval.').waitFor({ timeout: 10_000 });
    await expect.poll(() => lead.getByTestId('approvals-count').count(), { timeout: 10_000 }).toBe(0);

    // The agent's page, never reloaded, shows the decision, and the agent is notified.
    await asked.getByText(`Approved by ${leadName}`).waitFor({ timeout: 20_000 });
    await asked.getByText('Note: Fine: our courier broke it').waitFor();
    expect(await asked.getByRole('button', { name: /Cancel the request/ }).count()).toBe(0);
    await expect
      .poll(() => notificationsText(agent), { timeout: 20_000, interval: 1000 })
      .toContain(`Your €120.00 refund on #${ticket.number} was approved`);

    // The ledger lists both, and its CSV export carries them.
    await lead.goto(`${rapport.baseUrl}/reports/resolutions`);
    await lead.getByRole('heading', { name: 'Resolution ledger', level: 1 }).waitFor({ timeout: 20_000 });
    const rows = lead.getByTestId('ledger-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    await rows.filter({ hasText: '€120.00' }).getByText(leadName).waitFor();
    await rows.filter({ hasText: formatMoney(suggested, 'EUR') }).getByText('Within the limit').waitFor();
    await lead.getByLabel('Status').selectOption('approved');
    await lead.getByLabel('Currency').fill('EUR');
    const href = await lead.getByTestId('ledger-csv').getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/resolution-ledger\.csv\?status=approved&currency=EUR$/);
    const csv = await lead.request.get(`${rapport.baseUrl}${href ?? ''}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain('Full refund: the customer returns the grinder');
    expect(text).toContain('Cracked hopper on arrival');

    await lead.context().close();
    await agent.context().close();
  }, 120_000);

  it('sets a limit on the admin screen; a rejection and a cancelled request reach the other side live', async () => {
    // The admin adds a store-credit limit for agents; a bad amount is refused at the field first.
    const admin = await signInAs(browser, rapport.baseUrl, shop.admin.email, { path: '/admin/discretion-limits', viewport });
    await admin.getByRole('heading', { name: 'Discretion limits', level: 1 }).waitFor({ timeout: 20_000 });
    await admin.getByRole('button', { name: 'Add row' }).waitFor({ timeout: 20_000 });
    const before = await admin.getByTestId('discretion-limit-row').count();
    await admin.getByRole('button', { name: 'Add row' }).click();
    const number = before + 1;
    await admin.getByLabel(`Action, Row ${number}`, { exact: true }).selectOption('store_credit');
    await admin.getByLabel(`Per action, Row ${number}`, { exact: true }).fill('30,00');
    await admin.getByRole('button', { name: 'Save limits' }).click();
    await admin.getByText('Write an amount like 50.00.').waitFor();
    await admin.getByLabel(`Per action, Row ${number}`, { exact: true }).fill('30');
    await admin.getByRole('button', { name: 'Save limits' }).click();
    // Saved as one set (the server orders the rows): the new row comes back with the amount normalised.
    const storeCredit = async () => {
      const list = (await apiAs(rapport, shop.admin).get('/api/v1/discretion-limits')).json<{ items: { role: string; action: string; perAction: string }[] }>();
      return list.items.find((item) => item.role === 'agent' && item.action === 'store_credit')?.perAction ?? null;
    };
    await expect.poll(storeCredit, { timeout: 10_000 }).toBe('30.00');
    await expect.poll(() => admin.getByTestId('discretion-limit-row').count()).toBe(number);
    const perAction = admin.getByRole('textbox', { name: /^Per action, Row \d+$/ });
    await expect.poll(() => perAction.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toContain('30.00');
    await admin.context().close();

    const ticket = await buildTicket(rapport.deps, shop.agent.actor, {
      subject: 'Descaler arrived two weeks late',
      text: 'The descaler finally arrived, two weeks after you promised it.',
      customer: { email: 'tom.berger@example.test', name: 'Tom Berger' },
      assigneeId: shop.agent.id,
    });
    const leadName = await nameOf(shop.lead.id);
    const lead = await signInAs(browser, rapport.baseUrl, shop.lead.email, { path: '/approvals', viewport });
    await lead.getByText('Nothing waits for approval.').waitFor({ timeout: 20_000 });
    const agent = await signInAs(browser, rapport.baseUrl, shop.agent.email, { path: `/tickets/${ticket.number}`, viewport });
    const panel = agent.getByTestId('resolution-panel');
    const form = panel.getByTestId('resolution-form');
    await form.waitFor({ timeout: 20_000 });

    // Above the new limit: asked, then rejected with a reason the agent reads live.
    await form.getByLabel('Action').selectOption('store_credit');
    await form.getByLabel('Amount').fill('45');
    await panel.getByTestId('resolution-hint').getByText('Above your limit of €30.00: a lead will be asked to approve.').waitFor({ timeout: 10_000 });
    await form.getByLabel('Reason').fill('Credit for the late delivery');
    await form.getByRole('button', { name: 'Ask for approval' }).click();
    const first = panel.getByTestId('resolution-item').filter({ hasText: '€45.00' });
    await first.getByText('Waiting for approval').waitFor({ timeout: 10_000 });
    const request = lead.getByTestId('approval').filter({ hasText: `#${ticket.number} Descaler arrived two weeks late` });
    await request.getByText('Store credit · €45.00').waitFor({ timeout: 20_000 });
    await request.getByLabel('Note (needed to reject)').fill('Offer free shipping on the next order instead');
    await request.getByRole('button', { name: `Reject Store credit of €45.00 on #${ticket.number}` }).click();
    await lead.getByText('Nothing waits for approval.').waitFor({ timeout: 10_000 });
    await first.getByText(`Rejected by ${leadName}: Offer free shipping on the next order instead`).waitFor({ timeout: 20_000 });
    await expect.poll(() => notificationsText(agent), { timeout: 20_000, interval: 1000 }).toContain(`Your €45.00 store credit on #${ticket.number} was rejected`);

    // Asked again and withdrawn: the request leaves the lead's screen without a reload.
    await form.getByLabel('Amount').fill('40');
    await form.getByLabel('Reason').fill('Smaller credit for the late delivery');
    await form.getByRole('button', { name: 'Ask for approval' }).click();
    const second = panel.getByTestId('resolution-item').filter({ hasText: '€40.00' });
    await second.getByText('Waiting for approval').waitFor({ timeout: 10_000 });
    await lead.getByTestId('approval').filter({ hasText: 'Store credit · €40.00' }).waitFor({ timeout: 20_000 });
    await second.getByRole('button', { name: 'Cancel the request for Store credit of €40.00' }).click();
    await second.getByText('Cancelled', { exact: true }).waitFor({ timeout: 10_000 });
    await lead.getByText('Nothing waits for approval.').waitFor({ timeout: 20_000 });

    await lead.context().close();
    await agent.context().close();
  }, 120_000);
});
