/**
 * Journey: the outcome of a solved ticket (issue 7 part 10, P6 and P13). An agent sets a ticket to
 * Solved, chooses "Could not solve" in the outcome dialog, is told the lesson is required, writes
 * it with product feedback, and the ticket is solved with that outcome. Agents have no lessons
 * screen; a lead opens Lessons from the navigation and reads the lesson with its ticket link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { signInAs, startBrowserRig, stopBrowserRig } from '../support/browser.ts';
import { buildTicket, type WorkspaceFixture } from '../support/factories.ts';
import type { TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

beforeAll(async () => {
  ({ rapport, browser, shop } = await startBrowserRig('Outcome shop'));
});
afterAll(() => stopBrowserRig({ rapport, browser }));

const signIn = (email: string, path: string) => signInAs(browser, rapport.baseUrl, email, { path, viewport: { width: 1400, height: 1000 } });

/** Serious and critical WCAG A/AA violations inside the selector. */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).include(selector).analyze();
  return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id);
}

async function ticketRow(id: string) {
  return (await rapport.database.query<{ status: string; outcome: string | null }>('select status, outcome from tickets where id = $1', [id]))[0];
}

describe('outcome journey', () => {
  it('solves a ticket as "could not solve" with a lesson, which a lead then reads', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Parcel lost by the courier', text: 'My parcel never arrived and the courier says it is lost.' });
    const lesson = 'The courier has no claims API, so we could only apologise and wait.';
    const feedback = 'Let agents open a courier claim from the ticket.';

    const agent = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    await agent.getByRole('heading', { level: 1, name: 'Parcel lost by the courier' }).waitFor({ timeout: 20_000 });
    // Agents have no lessons screen in the navigation.
    expect(await agent.getByRole('link', { name: 'Lessons' }).count()).toBe(0);

    await agent.getByRole('combobox', { name: 'Status' }).selectOption('solved');
    const dialog = agent.getByRole('dialog', { name: `Solve ticket #${ticket.number}` });
    await dialog.waitFor();
    // Solved is the default outcome, and the keyboard starts on it.
    expect(await dialog.getByRole('radio', { name: /^Solved/ }).isChecked()).toBe(true);
    await expect.poll(() => agent.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('solved');

    await dialog.getByRole('radio', { name: /^Could not solve/ }).check();
    const lessonField = dialog.getByRole('textbox', { name: 'Lesson (required)' });
    await lessonField.waitFor();
    await dialog.getByRole('button', { name: 'Solve ticket', exact: true }).click();
    // Told the lesson is required: the message is on the field, which takes focus.
    await dialog.getByText(/Write a short lesson of at least 10 characters/).waitFor();
    expect(await lessonField.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => agent.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    expect(await axeProblems(agent, 'dialog[open]')).toEqual([]);
    expect((await rapport.database.query<{ status: string }>('select status from tickets where id = $1', [ticket.id]))[0]?.status).not.toBe('solved');

    await lessonField.fill(lesson);
    await dialog.getByRole('textbox', { name: 'Product feedback (optional)' }).fill(feedback);
    await dialog.getByRole('button', { name: 'Solve ticket', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 20_000 });
    await expect
      .poll(async () => (await rapport.database.query<{ status: string; outcome: string | null }>('select status, outcome from tickets where id = $1', [ticket.id]))[0], { timeout: 10_000 })
      .toEqual({ status: 'solved', outcome: 'could_not_solve' });
    await expect.poll(() => agent.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('solved');

    // A lead finds the lesson under Lessons.
    const lead = await signIn(shop.lead.email, '/views/mine');
    await lead.getByRole('link', { name: 'Lessons' }).click({ timeout: 20_000 });
    await lead.getByRole('heading', { level: 1, name: 'Lessons' }).waitFor({ timeout: 20_000 });
    const item = lead.getByTestId('lesson').filter({ hasText: lesson });
    await item.waitFor({ timeout: 20_000 });
    await item.getByText(feedback).waitFor();
    await item.getByText(/^By Agent /).waitFor();
    expect(await axeProblems(lead, '.lessons-page')).toEqual([]);
    const link = item.getByRole('link', { name: `Ticket #${ticket.number}: Parcel lost by the courier` });
    await link.click();
    await lead.getByRole('heading', { level: 1, name: 'Parcel lost by the courier' }).waitFor({ timeout: 20_000 });
  });

  it('"Send and solve" in the composer asks for the outcome too, then sends the reply', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Kettle switch sticks', text: 'The switch of my kettle sticks.', channel: 'chat', assigneeId: shop.agent.id });
    const agent = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    const reply = agent.getByRole('textbox', { name: 'Reply' });
    await reply.waitFor({ timeout: 20_000 });
    await reply.fill('Press the switch down twice; that frees it until the replacement part arrives.');
    await agent.getByRole('button', { name: 'More ways to send' }).click();
    await agent.getByRole('menuitem', { name: 'Send and solve' }).click();
    const dialog = agent.getByRole('dialog', { name: `Solve ticket #${ticket.number}` });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: /^Workaround/ }).check();
    await dialog.getByRole('button', { name: 'Solve and send' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 20_000 });
    await agent.getByTestId('timeline-message').filter({ hasText: 'Press the switch down twice' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => ticketRow(ticket.id), { timeout: 10_000 }).toEqual({ status: 'solved', outcome: 'workaround' });
  });
});
