/**
 * Journey (issue 7 part 9; P7): an admin builds an automation in the admin screen ("a ticket is
 * created, subject contains 'refund' → add the tag refund, set the priority to high"); a refund
 * ticket arrives and the automation acts on it (the outbox listener, drained here); the agent sees
 * the run in the ticket's Automations panel with the high priority, overrides it with a reason and
 * "Undo what it changed", and the priority is back to normal with the run marked as overridden.
 * Then two rules that undo each other loop until the guard stops one: the admin list warns, the
 * admins get a notification, the open ticket page shows the stop live; the list is reordered, a
 * rule switched off, another edited into a time rule, a server refusal shown at its field, and a
 * rule deleted.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { loopBound } from '../../apps/server/src/modules/automations/automations-engine.ts';
import { launchChromium, signInAs } from '../support/browser.ts';
import { bearer, buildTicket, buildWorkspace, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  // The worker role too: automations run from the outbox.
  rapport = await startTestRapport({ role: 'all', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  shop = await buildWorkspace(rapport.deps, 'Juniper Tea Co');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rapport?.stop();
});

async function callApi(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${rapport.baseUrl}/api/v1${path}`, {
    method,
    headers: { ...bearer(shop.admin), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function automationsFromApi(): Promise<{ name: string; enabled: boolean; trigger: string; time: unknown }[]> {
  const response = await callApi('GET', '/automations');
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { name: string; enabled: boolean; trigger: string; time: unknown }[] }).items;
}

/**
 * The outcomes of a ticket's automation runs once the outbox has been worked through. The server's
 * own dispatcher may hold an event while drain() finds nothing left to claim, so this polls.
 */
async function settledRuns(ticketNumber: number, isDone: (outcomes: string[]) => boolean): Promise<string[]> {
  let outcomes: string[] = [];
  await expect
    .poll(
      async () => {
        await rapport.dispatcher?.drain();
        const response = await callApi('GET', `/tickets/${ticketNumber}/automation-runs`);
        outcomes = ((await response.json()) as { items: { outcome: string }[] }).items.map((run) => run.outcome);
        return isDone(outcomes);
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBe(true);
  return outcomes;
}

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

describe('automations journey', () => {
  it('an admin builds an automation, it acts on a refund ticket, and the agent overrides it with undo', async () => {
    // 1. The admin creates the automation through the editor.
    const admin = await signInAs(browser, rapport.baseUrl, shop.admin.email, { path: '/admin/automations', viewport: { width: 1400, height: 1100 } });
    await admin.getByRole('heading', { name: 'Automations', level: 1 }).waitFor({ timeout: 20_000 });
    await admin.getByText('No automations yet.').waitFor({ timeout: 20_000 });
    await admin.getByRole('button', { name: 'New automation' }).click();
    const editor = admin.getByRole('dialog', { name: 'New automation' });
    await editor.waitFor();
    await editor.getByLabel('Name').fill('Refund fast lane');
    expect(await editor.getByLabel('When').inputValue()).toBe('ticket_created');

    // Sending without the condition's value names the missing value.
    const all = editor.getByTestId('automation-conditions-all');
    await all.getByRole('button', { name: 'Add condition: All of these' }).click();
    await editor.getByRole('button', { name: 'Create automation' }).click();
    await all.getByText('Enter a value.').waitFor();
    // Focus goes to the field to fix.
    await expect.poll(() => all.getByLabel('Value (condition 1)').evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await all.getByLabel('Field (condition 1)').inputValue()).toBe('subject');
    expect(await all.getByLabel('Operator (condition 1)').inputValue()).toBe('contains');
    await all.getByLabel('Value (condition 1)').fill('refund');

    await editor.getByLabel('Action 1', { exact: true }).selectOption('add_tags');
    await editor.getByLabel('Tags, separated by commas (action 1)').fill('refund');
    await editor.getByRole('button', { name: 'Add action' }).click();
    await editor.getByLabel('Action 2', { exact: true }).selectOption('set_priority');
    await editor.getByLabel('Priority (action 2)').selectOption('high');
    await editor.getByRole('button', { name: 'Create automation' }).click();
    await editor.waitFor({ state: 'detached', timeout: 10_000 });

    const row = admin.getByTestId('automation-row').filter({ hasText: 'Refund fast lane' });
    await row.waitFor({ timeout: 10_000 });
    await row.getByText('When a ticket is created').waitFor();
    await row.getByText('1 condition · 2 actions').waitFor();
    expect(await row.getByRole('checkbox', { name: 'Refund fast lane enabled' }).isChecked()).toBe(true);

    // 2. A refund ticket arrives; the automation runs from the outbox.
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, {
      subject: 'Please refund my broken kettle',
      text: 'The kettle I ordered arrived cracked. I would like a refund, please.',
      customer: { email: 'noor.haddad@example.test', name: 'Noor Haddad' },
      priority: 'normal',
      assigneeId: shop.agent.id,
    });
    expect(await settledRuns(ticket.number, (outcomes) => outcomes.length > 0)).toEqual(['applied']);

    // The admin's list counts the run.
    await admin.reload();
    await admin.getByTestId('automation-row').filter({ hasText: 'Refund fast lane' }).getByText('1 run in the last 7 days').waitFor({ timeout: 20_000 });
    await admin.getByRole('button', { name: 'Recent runs of Refund fast lane' }).click();
    const recent = admin.getByTestId('automation-recent-runs');
    await recent.getByRole('link', { name: `Ticket #${ticket.number}` }).waitFor({ timeout: 10_000 });
    await recent.getByText('Applied').waitFor();
    expect(await axeViolations(admin, ['.admin-page'])).toEqual([]);
    await admin.context().close();

    // 3. The agent sees the run and the high priority on the ticket.
    const agent = await signInAs(browser, rapport.baseUrl, shop.agent.email, { path: `/tickets/${ticket.number}`, viewport: { width: 1400, height: 1100 } });
    await agent.getByRole('heading', { name: 'Please refund my broken kettle', level: 1 }).waitFor({ timeout: 20_000 });
    const panel = agent.getByTestId('automation-runs-panel');
    const run = panel.getByTestId('automation-run').filter({ hasText: 'Refund fast lane' });
    await run.waitFor({ timeout: 20_000 });
    await run.getByText('Applied').waitFor();
    await run.getByText('Priority: Normal → High').waitFor();
    await run.getByText('Tags added: refund').waitFor();
    const priority = agent.getByRole('complementary', { name: 'Ticket details' }).getByLabel('Priority');
    expect(await priority.inputValue()).toBe('high');
    expect(await axeViolations(agent, ['[data-testid="automation-runs-panel"]'])).toEqual([]);

    // 4. The agent overrides it: a reason is required; "Undo what it changed" is on by default.
    await run.getByRole('button', { name: 'Override the run of Refund fast lane' }).click();
    const dialog = agent.getByRole('dialog', { name: 'Override "Refund fast lane"' });
    await dialog.waitFor();
    expect(await dialog.getByRole('checkbox', { name: 'Undo what it changed' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Override', exact: true }).click();
    await dialog.getByText('Say why, in a few words.').waitFor();
    expect(await axeViolations(agent, ['[data-testid="automation-override-dialog"]'])).toEqual([]);
    await dialog.getByLabel('Reason (required)').fill('The customer wants a replacement, not a rush refund.');
    await dialog.getByRole('button', { name: 'Override', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });

    // 5. The priority is back, and the run says who overrode it and why.
    const agentName = await nameOf(shop.agent.id);
    await run.getByText(`Overridden by ${agentName}: The customer wants a replacement, not a rush refund.`).waitFor({ timeout: 10_000 });
    await expect.poll(() => priority.inputValue(), { timeout: 10_000 }).toBe('normal');
    expect(await run.getByRole('button', { name: /Override the run/ }).count()).toBe(0);

    // After a reload the override is still there (it came from the server, not only the cache).
    await agent.reload();
    const reloaded = agent.getByTestId('automation-run').filter({ hasText: 'Refund fast lane' });
    await reloaded.getByText(`Overridden by ${agentName}`, { exact: false }).waitFor({ timeout: 20_000 });
    expect(await reloaded.getAttribute('data-overridden')).toBe('true');
    expect(await agent.getByRole('complementary', { name: 'Ticket details' }).getByLabel('Priority').inputValue()).toBe('normal');
    await agent.context().close();
  }, 120_000);

  it('flags an automation that kept re-triggering itself, tells the admins, and is reordered, switched off, edited into a time rule and deleted', async () => {
    // Two rules that undo each other: each change triggers the other, until the loop guard stops one.
    const calm = { name: 'Calm high tickets', trigger: 'ticket_updated', conditions: { all: [{ field: 'priority', operator: 'is', value: 'high' }], any: [] }, actions: [{ type: 'set_priority', priority: 'normal' }] };
    const raise = { name: 'Raise normal tickets', trigger: 'ticket_updated', conditions: { all: [{ field: 'priority', operator: 'is', value: 'normal' }], any: [] }, actions: [{ type: 'set_priority', priority: 'high' }] };
    for (const body of [calm, raise]) expect((await callApi('POST', '/automations', body)).status).toBe(201);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Grinder burrs worn out', priority: 'low', assigneeId: shop.agent.id });
    await rapport.dispatcher?.drain();
    // The agent has the ticket open: no automation has acted yet, so there is no Automations panel.
    const agent = await signInAs(browser, rapport.baseUrl, shop.agent.email, { path: `/tickets/${ticket.number}`, viewport: { width: 1400, height: 1100 } });
    await agent.getByRole('heading', { name: 'Grinder burrs worn out', level: 1 }).waitFor({ timeout: 20_000 });
    await agent.getByText('Live updates on').waitFor({ timeout: 20_000 });
    expect(await agent.getByTestId('automation-runs-panel').count()).toBe(0);

    expect((await callApi('PATCH', `/tickets/${ticket.number}`, { priority: 'high' })).status).toBe(200);
    const outcomes = await settledRuns(ticket.number, (items) => items.includes('stopped_loop'));
    // The guard lets each of the two apply a bounded number of times, then stops one.
    expect(outcomes.filter((outcome) => outcome === 'applied').length).toBeLessThanOrEqual(2 * loopBound);
    // The panel appeared on the open page by itself (the ticket's realtime updates refetch it).
    await agent.getByTestId('automation-runs-panel').getByTestId('automation-run').filter({ hasText: 'Stopped: kept re-triggering itself' }).first().waitFor({ timeout: 20_000 });
    await agent.context().close();

    const admin = await signInAs(browser, rapport.baseUrl, shop.admin.email, { path: '/admin/automations', viewport: { width: 1400, height: 1100 } });
    await admin.getByRole('heading', { name: 'Automations', level: 1 }).waitFor({ timeout: 20_000 });
    const calmRow = admin.getByTestId('automation-row').filter({ hasText: 'Calm high tickets' });
    await calmRow.getByTestId('automation-loop-warning').filter({ hasText: /^Stopped on 1 ticket in 7 days: it kept re-triggering itself$/ }).waitFor({ timeout: 20_000 });

    // The admins were told, live in the notifications panel.
    await admin.getByRole('button', { name: /Notifications, \d+ unread/ }).click();
    const notifications = admin.getByRole('dialog', { name: 'Notifications' });
    await notifications.getByRole('button', { name: new RegExp(`Automation "Calm high tickets" was stopped on #${ticket.number}: it kept re-triggering itself`) }).waitFor({ timeout: 10_000 });
    await admin.keyboard.press('Escape');

    // The ticket's log shows the stop, with nothing to override on it.
    await admin.goto(`${rapport.baseUrl}/tickets/${ticket.number}`);
    const stopped = admin.getByTestId('automation-run').filter({ hasText: 'Stopped: kept re-triggering itself' });
    await stopped.first().waitFor({ timeout: 20_000 });
    expect(await stopped.first().getByRole('button', { name: /Override/ }).count()).toBe(0);

    // Reorder: "Raise normal tickets" moves above "Calm high tickets".
    await admin.goto(`${rapport.baseUrl}/admin/automations`);
    await admin.getByRole('button', { name: 'Move Raise normal tickets up' }).click();
    await expect.poll(async () => (await automationsFromApi()).map((item) => item.name), { timeout: 10_000 }).toEqual(['Refund fast lane', 'Raise normal tickets', 'Calm high tickets']);
    await admin.getByTestId('automation-row').nth(1).getByText('Raise normal tickets').waitFor();

    // Switch one off.
    await admin.getByRole('checkbox', { name: 'Calm high tickets enabled' }).uncheck();
    await expect.poll(async () => (await automationsFromApi()).find((item) => item.name === 'Calm high tickets')?.enabled, { timeout: 10_000 }).toBe(false);
    await admin.getByTestId('automation-row').filter({ hasText: 'Calm high tickets' }).getByText('Off', { exact: true }).waitFor();

    // Edit the other into a time rule: 3 days after the ticket went pending, in business hours.
    await admin.getByRole('button', { name: 'Edit Raise normal tickets' }).click();
    const editor = admin.getByRole('dialog', { name: 'Edit automation "Raise normal tickets"' });
    await editor.getByLabel('When').selectOption('time');
    await editor.getByLabel('Delay').fill('0');
    await editor.getByRole('button', { name: 'Save automation' }).click();
    await editor.getByText('Enter a whole number from 1 up to a year.').waitFor();
    await editor.getByLabel('Delay').fill('3');
    await editor.getByLabel('Unit').selectOption('days');
    await editor.getByLabel('Counting from').selectOption('pending_since');
    await editor.getByRole('checkbox', { name: 'Count business hours only' }).check();
    await editor.getByRole('button', { name: 'Save automation' }).click();
    await editor.waitFor({ state: 'detached', timeout: 10_000 });
    await admin.getByTestId('automation-row').filter({ hasText: 'Raise normal tickets' }).getByText('3 days after the ticket went pending, counting business hours only').waitFor({ timeout: 10_000 });
    const saved = (await automationsFromApi()).find((item) => item.name === 'Raise normal tickets');
    expect(saved).toMatchObject({ trigger: 'time', time: { anchor: 'pending_since', afterMinutes: 3 * 24 * 60, businessHours: true } });
    await admin.getByRole('button', { name: 'Edit Raise normal tickets' }).click();
    const reopened = admin.getByRole('dialog', { name: 'Edit automation "Raise normal tickets"' });
    expect(await reopened.getByLabel('Delay').inputValue()).toBe('3');
    expect(await reopened.getByLabel('Unit').inputValue()).toBe('days');
    await reopened.getByRole('button', { name: 'Cancel' }).click();

    // A team deleted while the editor was open: the server's refusal shows at the action that names it.
    const teamResponse = await callApi('POST', '/teams', { name: 'Night shift' });
    expect(teamResponse.status).toBe(201);
    const team = (await teamResponse.json()) as { id: string };
    await admin.reload();
    await admin.getByRole('button', { name: 'New automation' }).click();
    const creating = admin.getByRole('dialog', { name: 'New automation' });
    await creating.getByLabel('Name').fill('Night tickets');
    await creating.getByLabel('Action 1', { exact: true }).selectOption('assign_team');
    await creating.getByLabel('Team (action 1)').selectOption({ label: 'Night shift' });
    expect((await callApi('DELETE', `/teams/${team.id}`)).status).toBe(200);
    await creating.getByRole('button', { name: 'Create automation' }).click();
    const action = creating.getByTestId('automation-action');
    await action.getByText('No team with that id in this workspace.').waitFor({ timeout: 10_000 });
    await creating.getByText('Fix the marked fields first.').waitFor();
    await creating.getByRole('button', { name: 'Cancel' }).click();

    // Delete, after confirming.
    await admin.getByRole('button', { name: 'Delete Calm high tickets' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Delete automation "Calm high tickets"?' });
    await confirm.getByRole('button', { name: 'Delete automation' }).click();
    await admin.getByTestId('automation-row').filter({ hasText: 'Calm high tickets' }).waitFor({ state: 'detached', timeout: 10_000 });
    expect((await automationsFromApi()).map((item) => item.name)).toEqual(['Refund fast lane', 'Raise normal tickets']);
    await admin.context().close();
  }, 120_000);
});
