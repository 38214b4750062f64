/**
 * Journeys of the composer (issue 6, part 3) in Chromium against a real Rapport (web + worker,
 * replies emailed through an SMTP sink, a 10 s undo-send window):
 * - reply with a macro (Ctrl+Shift+M), see the reply coach flag jargon inline, fix it in one click, send;
 * - dismiss a coach finding with a reason, which the ticket's audit trail records;
 * - the draft survives a reload, and is on the server (a fresh browser context restores it);
 * - undo-send: the reply is withdrawn inside its window, its text returns, its email never leaves;
 * - attachments by paste and by drag and drop; the new-message warning before sending; an
 *   @mention in a note; the macro admin screen.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { createMacro } from '../../apps/server/src/modules/macros/macros.ts';
import { emailAddresses } from '../../packages/db/src/schema.ts';
import { launchChromium, signInAs } from '../support/browser.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;
let sink: SmtpSink;

beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  sink = await startSmtpSink();
  rapport = await startTestRapport({
    role: 'all',
    listen: true,
    config: testConfig({ webDistDir: defaultWebDistDir, smtpRelayUrl: sink.url, undoSendSeconds: 10 }),
  });
  shop = await buildWorkspace(rapport.deps, 'Acme Coffee');
  await rapport.deps.db.insert(emailAddresses).values({ workspaceId: shop.id, address: `support@${shop.slug}.example.test`, displayName: 'Acme Support', isDefault: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rapport?.stop();
  await sink?.stop();
});

const signIn = (email: string, path: string) => signInAs(browser, rapport.baseUrl, email, { path });

/** Serious or critical WCAG 2.2 AA violations inside `selector`. */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).include(selector).analyze();
  return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id);
}

async function hopperTicket(subject: string) {
  return buildTicket(rapport.deps, shop.agent.actor, {
    subject,
    text: 'My grinder arrived today and the hopper is cracked. Can you send a new one?',
    customer: { email: `dana-${Date.now()}@customer.example`, name: 'Dana Buyer' },
    assigneeId: shop.agent.id,
    channel: 'email',
  });
}

describe('composer journeys', () => {
  it('replies with a macro, sees a coach warning inline and fixes it in one click', async () => {
    const macro = await createMacro(rapport.deps, shop.lead.actor, {
      name: 'Hopper replacement',
      body: 'Hi {{customer.first_name}},\n\nThanks for letting us know. We will email you an RMA for the cracked hopper today.\n\n{{agent.name}}',
      scope: 'shared',
      actions: { status: 'pending', addTags: ['replacement'] },
    });
    const ticket = await hopperTicket('Cracked hopper on arrival');
    const page = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.waitFor({ timeout: 20_000 });
    await reply.click();

    // The picker: Ctrl+Shift+M, search, Enter.
    await page.keyboard.press('Control+Shift+M');
    const picker = page.getByRole('dialog', { name: 'Insert a macro' });
    await picker.waitFor();
    await picker.getByRole('combobox', { name: 'Search macros' }).fill('hopper');
    await picker.getByRole('option', { name: /Hopper replacement/ }).waitFor();
    expect(await axeProblems(page, '.macro-picker')).toEqual([]);
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'hidden' });
    await expect.poll(() => reply.inputValue()).toContain('Hi Dana,');
    expect(await reply.inputValue()).toContain(`Agent ${shop.slug}`);
    await page.getByText('When sent, the macro “Hopper replacement” will also: set status pending, add tags replacement').waitFor();

    // The coach flags the jargon inline (a mark in the mirror) and in its list, with a fix.
    const finding = page.getByTestId('coach-finding').filter({ hasText: '"RMA" may be unfamiliar' });
    await finding.waitFor({ timeout: 20_000 });
    await page.locator('.composer-mirror mark', { hasText: /^RMA$/ }).waitFor();
    expect(await axeProblems(page, '.composer')).toEqual([]);
    await finding.getByRole('button', { name: 'Replace with “return number”' }).click();
    await expect.poll(() => reply.inputValue()).toContain('We will email you an return number');
    expect(await reply.inputValue()).not.toContain('RMA');
    await finding.waitFor({ state: 'detached', timeout: 20_000 });

    // A file through the picker (drag and drop and paste use the same upload path).
    await page.locator('.composer input[type="file"]').setInputFiles({ name: 'returns-label.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 label') });
    const file = page.getByTestId('composer-file').filter({ hasText: 'returns-label.pdf' });
    await file.getByRole('button', { name: 'Remove returns-label.pdf' }).waitFor();
    await expect.poll(() => file.textContent()).toMatch(/\d+ B/);

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByTestId('timeline-message').filter({ hasText: 'We will email you an return number' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => reply.inputValue()).toBe('');

    const attached = await rapport.database.query<{ filename: string }>(
      "select a.filename from attachments a join messages m on m.id = a.message_id where m.ticket_id = $1 and m.direction = 'outbound'",
      [ticket.id],
    );
    expect(attached.map((row) => row.filename)).toEqual(['returns-label.pdf']);
    const [stored] = await rapport.database.query<{ usage_count: number }>('select usage_count from macros where id = $1', [macro.id]);
    expect(Number(stored!.usage_count)).toBe(1);
    const [state] = await rapport.database.query<{ status: string; tags: string[] | string }>('select status, tags from tickets where id = $1', [ticket.id]);
    expect(state!.status).toBe('pending');
    expect(String(state!.tags)).toContain('replacement');
    await page.context().close();
  });

  it('dismisses a coach finding with a reason: it leaves the list and the highlight, stays dismissed as the agent types on, and the reason is recorded', async () => {
    const ticket = await hopperTicket('Hopper, dismissing a suggestion');
    const page = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.waitFor({ timeout: 20_000 });
    await reply.fill('Thanks for letting us know, Dana. Your RMA number for the hopper is 4471.');
    const finding = page.getByTestId('coach-finding').filter({ hasText: '"RMA" may be unfamiliar' });
    await finding.waitFor({ timeout: 20_000 });
    await page.locator('.composer-mirror mark', { hasText: /^RMA$/ }).waitFor();

    await finding.getByRole('button', { name: 'Dismiss', exact: true }).click();
    const reason = finding.getByLabel('Why dismiss this suggestion?');
    await reason.selectOption('customer_prefers');
    await finding.getByRole('button', { name: 'Dismiss suggestion' }).click();
    await finding.waitFor({ state: 'detached' });
    await page.locator('.composer-mirror mark', { hasText: /^RMA$/ }).waitFor({ state: 'detached' });

    // More typing re-runs the coach (the new promise shows as a finding); the dismissed one does not come back.
    await reply.press('End');
    await reply.pressSequentially(' I will email you the label tomorrow.');
    await page.getByTestId('coach-finding').filter({ hasText: 'A promise' }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('coach-finding').filter({ hasText: '"RMA" may be unfamiliar' }).count()).toBe(0);
    expect(await page.locator('.composer-mirror mark', { hasText: /^RMA$/ }).count()).toBe(0);

    await expect
      .poll(async () =>
        (
          await rapport.database.query<{ data: Record<string, unknown> }>(
            "select data from audit_log where subject_id = $1 and action = 'coach.finding_dismissed'",
            [ticket.id],
          )
        ).map((row) => row.data),
      )
      .toEqual([{ rule: 'jargon', reason: 'customer_prefers', excerpt: 'RMA' }]);
    await page.context().close();
  });

  it('attaches files by paste and by drag and drop, removes one and sends the other with the reply', async () => {
    const ticket = await hopperTicket('Photos of the hopper');
    const page = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.waitFor({ timeout: 20_000 });
    await reply.fill('Here is the label you asked for.');
    await page.evaluate(() => {
      const box = document.getElementById('composer-text')!;
      const pasted = new DataTransfer();
      pasted.items.add(new File(['pasted bytes'], 'pasted-note.txt', { type: 'text/plain' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
      const dropped = new DataTransfer();
      dropped.items.add(new File(['%PDF-1.4 label'], 'dropped-label.pdf', { type: 'application/pdf' }));
      box.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      box.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    });
    const pasted = page.getByTestId('composer-file').filter({ hasText: 'pasted-note.txt' });
    const dropped = page.getByTestId('composer-file').filter({ hasText: 'dropped-label.pdf' });
    await expect.poll(() => pasted.textContent()).toMatch(/\d+ B/);
    await expect.poll(() => dropped.textContent()).toMatch(/\d+ B/);
    expect(await reply.inputValue()).toBe('Here is the label you asked for.'); // the paste added a file, not text
    await pasted.getByRole('button', { name: 'Remove pasted-note.txt' }).click();
    await pasted.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = page.getByTestId('timeline-message').filter({ hasText: 'Here is the label you asked for.' });
    await sent.waitFor({ timeout: 20_000 });
    await sent.getByText('dropped-label.pdf').waitFor({ timeout: 20_000 });
    const attached = await rapport.database.query<{ filename: string }>(
      "select a.filename from attachments a join messages m on m.id = a.message_id where m.ticket_id = $1 and m.direction = 'outbound'",
      [ticket.id],
    );
    expect(attached.map((row) => row.filename)).toEqual(['dropped-label.pdf']);
    await page.context().close();
  });

  it('keeps the draft on the server: it survives a reload and shows in a fresh browser', async () => {
    const ticket = await hopperTicket('Draft must survive');
    const page = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.waitFor({ timeout: 20_000 });
    const text = 'Hello Dana, I am checking with the warehouse and will write back within the hour.';
    await reply.fill(text);
    await page.getByText('Draft saved').waitFor({ timeout: 20_000 });

    await page.reload();
    await page.getByRole('textbox', { name: 'Reply' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe(text);
    await page.context().close();

    // Another browser (no sessionStorage of the first): the server's copy.
    const fresh = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    await fresh.getByRole('textbox', { name: 'Reply' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => fresh.getByRole('textbox', { name: 'Reply' }).inputValue(), { timeout: 20_000 }).toBe(text);
    await fresh.getByText('Your unsent draft was restored.').waitFor();
    await fresh.context().close();
  });

  it('undoes a send inside the window: the text comes back and the email never leaves', async () => {
    const ticket = await hopperTicket('Undo this reply');
    const page = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.waitFor({ timeout: 20_000 });
    const text = 'Sorry Dana, this reply went to the wrong ticket.';
    await reply.fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByTestId('timeline-message').filter({ hasText: 'this reply went to the wrong ticket' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => reply.inputValue()).toBe('');

    const undo = page.getByRole('button', { name: /^Undo \(\d+s\)$/ });
    await undo.waitFor();
    await undo.click();
    await expect.poll(() => reply.inputValue()).toBe(text);
    await page.getByTestId('timeline-message').filter({ hasText: 'this reply went to the wrong ticket' }).waitFor({ state: 'detached', timeout: 20_000 });

    const [message] = await rapport.database.query<{ id: string; withdrawn_at: unknown }>("select id, withdrawn_at from messages where ticket_id = $1 and direction = 'outbound'", [ticket.id]);
    expect(message!.withdrawn_at).not.toBeNull();
    expect(await rapport.database.query('select id from outbound_emails where message_id = $1', [message!.id])).toHaveLength(0);
    // Past the window, and past a sender poll: nothing reached the SMTP peer for this ticket.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(sink.messages.filter((item) => item.raw.toString('latin1').includes('wrong ticket'))).toHaveLength(0);
    await page.context().close();
  });
  it('warns before sending when the customer wrote after the draft was started: shows the message, then sends anyway', async () => {
    const ticket = await hopperTicket('Customer writes while I type');
    const page = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.waitFor({ timeout: 20_000 });
    await reply.fill('Hello Dana, a new hopper ships today.');
    await page.getByText('Draft saved').waitFor({ timeout: 20_000 });
    // The customer writes again (as the inbound processor would store it).
    await rapport.database.query(
      "insert into messages (workspace_id, ticket_id, direction, channel, author_type, author_customer_id, text) values ($1, $2, 'inbound', 'email', 'customer', $3, $4)",
      [shop.id, ticket.id, ticket.customer.id, 'Actually, could I have a refund instead?'],
    );
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const warning = page.getByRole('group', { name: 'The customer wrote again while you were writing' });
    await warning.waitFor({ timeout: 20_000 });
    await warning.getByTestId('composer-new-message').filter({ hasText: 'could I have a refund instead?' }).waitFor({ timeout: 20_000 });
    expect(await rapport.database.query("select id from messages where ticket_id = $1 and direction = 'outbound'", [ticket.id])).toHaveLength(0);
    await warning.getByRole('button', { name: 'Send anyway' }).click();
    await page.getByTestId('timeline-message').filter({ hasText: 'a new hopper ships today' }).waitFor({ timeout: 20_000 });
    await page.context().close();
  });

  it('mentions a teammate in a note from the @ autocomplete; the teammate, signed in elsewhere, sees it arrive in their notifications panel', async () => {
    const ticket = await hopperTicket('Needs a lead to approve');
    // The teammate works in another browser, on their inbox.
    const lead = await signIn(shop.lead.email, '/');
    await lead.getByTestId('notifications-bell').waitFor({ timeout: 20_000 });
    await lead.getByText('Live updates on').waitFor({ timeout: 20_000 });
    const page = await signIn(shop.agent.email, `/tickets/${ticket.number}`);
    await page.getByRole('button', { name: 'Internal note' }).click();
    const note = page.getByRole('textbox', { name: 'Internal note' });
    await note.waitFor({ timeout: 20_000 });
    await note.click();
    await page.keyboard.type('Could @Lea');
    const options = page.getByRole('listbox', { name: 'Mention a teammate' });
    await options.getByRole('option', { name: new RegExp(`Lead ${shop.slug}`) }).waitFor();
    expect(await axeProblems(page, '.composer')).toEqual([]);
    await page.keyboard.press('Enter');
    await page.keyboard.type('approve a replacement?');
    await expect.poll(() => note.inputValue()).toBe(`Could @Lead ${shop.slug} approve a replacement?`);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => note.inputValue()).toBe('');

    const [stored] = await rapport.database.query<{ mentions: string[] | string }>('select mentions from notes where ticket_id = $1', [ticket.id]);
    expect(String(stored!.mentions)).toContain(shop.lead.id);
    await expect
      .poll(async () => (await rapport.database.query("select data from notifications where user_id = $1 and kind = 'mention' and ticket_id = $2", [shop.lead.id, ticket.id])).length, { timeout: 20_000 })
      .toBe(1);

    // No reload in the teammate's browser: the bell counts it, the panel shows who, where and what.
    await lead.getByRole('button', { name: /Notifications, \d+ unread/ }).waitFor({ timeout: 20_000 });
    await lead.getByTestId('notifications-bell').click();
    const panel = lead.getByRole('dialog', { name: 'Notifications' });
    const item = panel.getByRole('button', { name: new RegExp(`mentioned you on #${ticket.number}`) });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.textContent()).toContain('approve a replacement');
    await item.click();
    await lead.waitForURL(new RegExp(`/tickets/${ticket.number}$`), { timeout: 20_000 });
    await lead.getByText('approve a replacement?').first().waitFor({ timeout: 20_000 });
    await lead.context().close();
    await page.context().close();
  });
  it('a lead manages shared macros on /admin/macros: create, edit, delete', async () => {
    const page = await signIn(shop.lead.email, '/admin/macros');
    await page.getByRole('heading', { name: 'Macros', level: 1 }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'New macro' }).click();
    const form = page.getByRole('form', { name: 'New macro' });
    await form.getByLabel('Name').fill('Shipping delay');
    await form.getByLabel('Text').fill('Hi {{customer.first_name}}, your parcel {{parcel.id}} is delayed.');
    await form.getByText('Unknown placeholders (they would stay as written): {{parcel.id}}').waitFor();
    await form.getByLabel('Text').fill('Hi {{customer.first_name}}, your parcel for #{{ticket.number}} is delayed by a day.');
    await form.getByLabel('Visible to').selectOption('shared');
    await form.getByLabel('Set status').selectOption('pending');
    await form.getByLabel('Add tags').fill('delay');
    await form.getByRole('button', { name: 'Create macro' }).click();
    const row = page.getByTestId('macro-row').filter({ hasText: 'Shipping delay' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Everyone');
    expect(await row.textContent()).toContain('#delay');

    await row.getByRole('button', { name: 'Edit Shipping delay' }).click();
    const edit = page.getByRole('form', { name: 'Edit Shipping delay' });
    await edit.getByLabel('Name').fill('Shipping delay (one day)');
    await edit.getByRole('button', { name: 'Save macro' }).click();
    const renamed = page.getByTestId('macro-row').filter({ hasText: 'Shipping delay (one day)' });
    await renamed.waitFor({ timeout: 20_000 });
    const [stored] = await rapport.database.query<{ owner_id: string | null; actions: unknown }>("select owner_id, actions from macros where name = 'Shipping delay (one day)' and workspace_id = $1", [shop.id]);
    expect(stored!.owner_id).toBeNull();
    expect(stored!.actions).toEqual({ status: 'pending', addTags: ['delay'] });

    page.once('dialog', (dialog) => void dialog.accept());
    await renamed.getByRole('button', { name: 'Delete Shipping delay (one day)' }).click();
    await renamed.waitFor({ state: 'detached', timeout: 20_000 });
    await page.context().close();
  });
});
