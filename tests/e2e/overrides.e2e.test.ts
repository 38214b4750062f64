/**
 * Journey (issue 7 part 9, P7): a lead waives a ticket's resolution clock with a reason (and adds two
 * hours to its first-reply clock), sees the clock read "Waived by <name>: <reason>" and the override
 * in the ticket's Overrides panel, and finds it in the leads' overrides report, linked to the
 * ticket. An agent gets no Override control.
 * An agent routes a flagged ticket by hand with a reason; the ticket says automatic routing is off
 * and why, until the agent resumes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiAs } from '../support/api-client.ts';
import { signInAs, startBrowserRig, stopBrowserRig } from '../support/browser.ts';
import { buildTicket, type WorkspaceFixture } from '../support/factories.ts';
import type { TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

beforeAll(async () => {
  ({ rapport, browser, shop } = await startBrowserRig('Birch Bicycles'));
});
afterAll(() => stopBrowserRig({ rapport, browser }));

const signIn = (email: string, path = '/'): Promise<Page> => signInAs(browser, rapport.baseUrl, email, { path, viewport: { width: 1280, height: 1100 } });

describe('overrides journey', () => {
  it('a lead waives an SLA clock with a reason and sees it on the ticket and in the report', async () => {
    const policy = await apiAs(rapport, shop.admin).post('/api/v1/sla-policies', { name: 'Everyone: solve in a day', firstReplyMinutes: 60, resolutionMinutes: 1440, businessHours: false });
    expect(policy.statusCode, policy.body).toBe(201);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Frame cracked after a week', assigneeId: shop.agent.id });
    const reason = 'The customer is sending the frame back; the repair takes two weeks.';

    // An agent sees the clock but cannot override it.
    const agent = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    await agent.getByTestId('sla-clock-resolution').waitFor({ timeout: 20_000 });
    expect(await agent.getByRole('button', { name: 'Override the resolution clock' }).count()).toBe(0);
    await agent.context().close();

    const lead = await signIn(shop.lead.email, `/tickets/${ticket.number}`);
    await lead.getByRole('heading', { name: 'Frame cracked after a week', level: 1 }).waitFor({ timeout: 20_000 });
    expect(await lead.getByTestId('overrides-panel').count()).toBe(0);
    await lead.getByRole('button', { name: 'Override the resolution clock' }).click();
    const dialog = lead.getByRole('dialog', { name: 'Override the resolution clock' });
    await dialog.getByRole('button', { name: 'Waive', exact: true }).click();
    // The reason is required.
    await dialog.getByRole('button', { name: 'Waive the clock' }).click();
    await dialog.getByText('Say why, in a few words').waitFor();
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Waive the clock' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });

    const clock = lead.getByTestId('sla-clock-resolution');
    await clock.getByText('Waived', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await clock.getByTestId('sla-waived-resolution').innerText()).toBe(`Waived by Lead ${shop.slug}: ${reason}`);
    const panel = lead.getByTestId('overrides-panel');
    await panel.waitFor({ timeout: 20_000 });
    const item = panel.getByTestId('override-item');
    expect(await item.count()).toBe(1);
    expect(await item.innerText()).toContain('Resolution waived');
    expect(await item.innerText()).toContain(reason);

    // Two more hours for the first reply.
    await lead.getByRole('button', { name: 'Override the first reply clock' }).click();
    const extend = lead.getByRole('dialog', { name: 'Override the first reply clock' });
    await extend.getByLabel('How much time').fill('2');
    await extend.getByLabel('Reason').fill('Waiting for the frame photos.');
    await extend.getByRole('button', { name: 'Add time' }).last().click();
    await extend.waitFor({ state: 'detached', timeout: 20_000 });
    await lead.getByTestId('sla-extended-first_reply').filter({ hasText: `+2 h by Lead ${shop.slug}: Waiting for the frame photos.` }).waitFor({ timeout: 20_000 });
    await panel.getByText('First reply: 2 h added').waitFor({ timeout: 20_000 });

    // The leads' report lists it, linked to the ticket.
    await lead.getByRole('link', { name: 'Overrides', exact: true }).click();
    await lead.getByRole('heading', { name: 'Overrides of automatic decisions', level: 1 }).waitFor({ timeout: 20_000 });
    const row = lead.getByTestId('override-row').filter({ hasText: reason });
    await row.waitFor({ timeout: 20_000 });
    await lead.getByLabel('Kind').selectOption('routing');
    await lead.getByText('No overrides of this kind yet.').waitFor({ timeout: 20_000 });
    await lead.getByLabel('Kind').selectOption('sla');
    // The filtered list is fetched after the choice: wait for it rather than count the page in between.
    await expect.poll(() => lead.getByTestId('override-row').count(), { timeout: 20_000 }).toBe(2);
    await row.getByRole('link', { name: `#${ticket.number} Frame cracked after a week` }).click();
    await lead.getByRole('heading', { name: 'Frame cracked after a week', level: 1 }).waitFor({ timeout: 20_000 });
  });

  it('an agent routes a flagged ticket by hand, and resumes automatic routing', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Pedal thread stripped', language: 'fr' });
    // What routing leaves when nobody available speaks the language and there is no fallback team.
    await rapport.database.query(`update tickets set routing_flag = 'no_language_speaker' where id = $1`, [ticket.id]);
    const reason = 'I read French well enough for this one.';
    const agent = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    const panel = agent.getByTestId('routing-panel');
    await panel.getByTestId('routing-flag').filter({ hasText: 'Waiting for an agent who speaks French' }).waitFor({ timeout: 20_000 });

    await panel.getByRole('button', { name: 'Route manually…' }).click();
    const dialog = agent.getByRole('dialog', { name: `Route ticket #${ticket.number} by hand` });
    await dialog.getByLabel('Assignee').selectOption({ label: `Agent ${shop.slug}` });
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Route', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });

    await panel.getByTestId('routing-off').filter({ hasText: `Automatic routing is off for this ticket (${reason}).` }).waitFor({ timeout: 20_000 });
    expect(await panel.getByTestId('routing-flag').count()).toBe(0);
    await agent.getByTestId('overrides-panel').getByText('Routed by hand').waitFor({ timeout: 20_000 });
    expect(await agent.locator('#ticket-assignee').inputValue()).toBe(shop.agent.id);

    await panel.getByRole('button', { name: 'Resume automatic routing' }).click();
    const resume = agent.getByRole('dialog', { name: `Resume automatic routing of ticket #${ticket.number}` });
    await resume.getByLabel('Reason').fill('Back to the usual routing.');
    await resume.getByRole('button', { name: 'Resume' }).click();
    await resume.waitFor({ state: 'detached', timeout: 20_000 });
    await panel.getByTestId('routing-off').waitFor({ state: 'detached', timeout: 20_000 });
    await agent.getByTestId('overrides-panel').getByText('Automatic routing resumed').waitFor({ timeout: 20_000 });
  });
});
