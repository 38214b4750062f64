/**
 * Journey: the ticket page and the customer panel. An agent opens an email ticket and sees the
 * customer panel (the customer's first message pinned, an earlier ticket from another channel),
 * edits a custom field in place and sees the change in the timeline and the audit trail, allows
 * the email's remote images for that one message (a loopback image server proves nothing was
 * fetched before the click), downloads an attachment, and merges a duplicate customer. A second
 * journey splits a message out to a new ticket and merges a ticket into another from the UI.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { processInboundEmail } from '../../apps/server/src/modules/email/process-inbound.ts';
import { receiveEmail } from '../../apps/server/src/modules/email/receive-email.ts';
import { replyToTicket } from '../../apps/server/src/modules/tickets/reply-to-ticket.ts';
import { launchChromium, signInAs } from '../support/browser.ts';
import { buildEmailShop, type EmailShop } from '../support/email.ts';
import { buildTicket } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: EmailShop;
let imageServer: Server;
const imageRequests: string[] = [];
let imageBase = '';

beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  // The web role only: the test processes inbound email itself, so nothing races it.
  rapport = await startTestRapport({ role: 'web', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  shop = await buildEmailShop(rapport);
  browser = await launchChromium();
  // Stands in for a sender's tracking-pixel host: records every request it receives.
  imageServer = createServer((request, response) => {
    imageRequests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
    response.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
  });
  await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
  imageBase = `http://127.0.0.1:${(imageServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => imageServer?.close(resolve));
  await rapport?.stop();
});

const signIn = (email: string, path: string) => signInAs(browser, rapport.baseUrl, email, { path, viewport: { width: 1400, height: 1000 } });

async function asAdmin(method: 'POST', url: string, payload: object) {
  const response = await rapport.app?.inject({ method, url, payload, headers: { authorization: `Bearer ${shop.workspace.admin.token}` } });
  if (!response || response.statusCode >= 300) throw new Error(`${url} failed: ${response?.statusCode} ${response?.body}`);
  return response.json() as { id: string };
}

/** An HTML email with a remote image and an HTML attachment, received and processed as the worker would. */
async function deliverHtmlEmail(from: string, subject: string): Promise<{ ticketId: string; number: number }> {
  const boundary = 'outer-boundary';
  const alternative = 'alt-boundary';
  const lines = [
    `From: Maya Lopez <${from}>`,
    `To: ${shop.address}`,
    `Subject: ${subject}`,
    `Message-ID: <${Date.now()}@mail.customer.test>`,
    'Date: Tue, 4 Nov 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    `--${alternative}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'My espresso machine leaks water from the group head since Monday. What can I do?',
    `--${alternative}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>My espresso machine <b>leaks water</b> from the group head since Monday. What can I do?</p><img src="${imageBase}/pixel.gif?u=maya" width="1" height="1" alt="">`,
    `--${alternative}--`,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8; name="receipt.html"',
    'Content-Disposition: attachment; filename="receipt.html"',
    '',
    '<html><body><script>alert(1)</script>Receipt 1042</body></html>',
    `--${boundary}--`,
  ];
  const raw = new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
  const { receipts } = await receiveEmail(rapport.deps, { raw, source: 'smtp', workspaceId: shop.workspace.id, envelopeTo: [shop.address] });
  const id = receipts[0]?.id;
  if (!id) throw new Error('not received');
  await processInboundEmail(rapport.deps, shop.workspace.id, id);
  const [row] = await rapport.database.query<{ ticket_id: string; number: number }>(
    'select t.id as ticket_id, t.number from inbound_emails e join tickets t on t.id = e.ticket_id where e.id = $1',
    [id],
  );
  if (!row) throw new Error('the email made no ticket');
  return { ticketId: row.ticket_id, number: Number(row.number) };
}

describe('ticket page journey', () => {
  it('shows the customer panel, edits a custom field, opens the audit trail, allows remote images and merges a duplicate customer', async () => {
    const agent = shop.workspace.agent;
    await asAdmin('POST', '/api/v1/custom-fields', { key: 'order_number', label: 'Order number', type: 'text' });
    // An earlier ticket of the same customer, by chat; and a duplicate customer (another address) with a ticket.
    await buildTicket(rapport.deps, agent.actor, { subject: 'Loyalty card balance', text: 'How many points do I have?', channel: 'chat', customer: { email: 'maya@customer.test', name: 'Maya Lopez' } });
    const duplicate = await buildTicket(rapport.deps, agent.actor, { subject: 'Invoice copy please', text: 'Can you resend my invoice?', channel: 'web', customer: { email: 'maya.lopez@work.test', name: 'M. Lopez' } });
    const ticket = await deliverHtmlEmail('maya@customer.test', 'Espresso machine leaking');

    const page = await signIn(agent.email, `/tickets/${ticket.number}`);
    await page.getByRole('heading', { name: 'Espresso machine leaking', level: 1 }).waitFor({ timeout: 20_000 });

    // The customer panel: the first message pinned, and the earlier chat ticket listed.
    const panel = page.getByTestId('customer-panel');
    await panel.getByTestId('customer-first-message').getByText('leaks water from the group head').waitFor({ timeout: 20_000 });
    const earlier = panel.getByTestId('customer-tickets').getByRole('link', { name: /Loyalty card balance/ });
    await earlier.waitFor({ timeout: 20_000 });
    expect(await panel.getByTestId('customer-tickets').textContent()).toContain('chat');
    expect(await panel.getByTestId('customer-tickets').getByRole('link', { name: /Espresso machine leaking/ }).count()).toBe(0);

    // A custom field, edited in place: saved on Enter, shown as an event in the timeline.
    const orderField = page.getByLabel('Order number');
    await orderField.fill('A-1042');
    await orderField.press('Enter');
    await page.getByTestId('timeline-event').filter({ hasText: 'Order number set to A-1042' }).waitFor({ timeout: 20_000 });
    const [stored] = await rapport.database.query<{ custom_fields: Record<string, unknown> }>('select custom_fields from tickets where id = $1', [ticket.ticketId]);
    expect(stored?.custom_fields).toEqual({ order_number: 'A-1042' });

    // The audit trail on demand: a dialog, focus inside, Escape closes and focus returns.
    const auditButton = page.getByRole('button', { name: 'Audit trail' });
    await auditButton.click();
    const dialog = page.getByRole('dialog', { name: `Audit trail of ticket #${ticket.number}` });
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.getByTestId('audit-entry').filter({ hasText: 'Order number set to A-1042' }).waitFor({ timeout: 20_000 });
    await dialog.getByTestId('audit-entry').filter({ hasText: 'Ticket created' }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    expect(await auditButton.evaluate((element) => element === document.activeElement)).toBe(true);

    // The attachment is a download: HTML is never served inline.
    const attachment = page.getByRole('link', { name: 'Download receipt.html' });
    await attachment.waitFor({ timeout: 20_000 });
    expect(await attachment.getAttribute('download')).toBe('receipt.html');
    const download = await page.request.get(`${rapport.baseUrl}${await attachment.getAttribute('href')}`);
    expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers()['content-type']).toBe('application/octet-stream');

    // The original email: remote images stay blocked (no request) until allowed for this message.
    const message = page.getByTestId('timeline-message').filter({ hasText: 'leaks water' });
    await message.getByRole('button', { name: 'Show original formatting' }).click();
    // The iframe's text is not the article's text: from here the message is the one showing its original.
    const original = page.getByTestId('timeline-message').filter({ has: page.getByRole('button', { name: 'Show plain text' }) });
    const frame = page.frameLocator('iframe[title="Original email from Maya Lopez"]');
    await frame.getByText('leaks water').waitFor({ timeout: 20_000 });
    await original.getByTestId('remote-images-notice').getByText(/tracking pixels/).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    expect(imageRequests).toEqual([]);
    await original.getByRole('button', { name: 'Show remote images' }).click();
    await original.getByText('Remote images are shown for this message.').waitFor({ timeout: 20_000 });
    await expect.poll(() => imageRequests.length, { timeout: 20_000 }).toBe(1);
    expect(imageRequests[0]).toBe('/pixel.gif?u=maya');
    await page.waitForTimeout(500);
    expect(imageRequests).toHaveLength(1);

    // The profile is edited in place; a value the server refuses is rolled back and said.
    const tier = panel.getByLabel('Tier');
    await tier.selectOption('priority');
    await expect.poll(async () => (await rapport.database.query<{ tier: string }>("select tier from customers where name = 'Maya Lopez'"))[0]?.tier, { timeout: 20_000 }).toBe('priority');
    const language = panel.getByLabel('Language');
    await language.fill('x');
    await language.press('Enter');
    await panel.getByText(/^Not saved:/).waitFor({ timeout: 20_000 });
    await expect.poll(() => language.inputValue(), { timeout: 20_000 }).toBe('');

    // Merge the duplicate customer into this one: identities and tickets move here.
    await panel.getByRole('button', { name: 'Merge a duplicate…' }).click();
    const mergeDialog = page.getByRole('dialog', { name: 'Merge a duplicate into Maya Lopez' });
    await mergeDialog.getByLabel('Search customers by name, email or phone').fill('maya.lopez');
    await mergeDialog.getByRole('button', { name: /Choose M\. Lopez/ }).click();
    await mergeDialog.getByText(/M\. Lopez is merged into Maya Lopez/).waitFor({ timeout: 20_000 });
    await mergeDialog.getByRole('button', { name: 'Merge customers' }).click();
    await mergeDialog.waitFor({ state: 'detached', timeout: 20_000 });
    await panel.getByTestId('customer-identities').getByText('maya.lopez@work.test').waitFor({ timeout: 20_000 });
    await panel.getByTestId('customer-tickets').getByRole('link', { name: /Invoice copy please/ }).waitFor({ timeout: 20_000 });
    const [merged] = await rapport.database.query<{ merged_into_id: string | null }>('select merged_into_id from customers where id = $1', [duplicate.customer.id]);
    const [survivor] = await rapport.database.query<{ customer_id: string }>('select customer_id from tickets where id = $1', [duplicate.id]);
    expect(merged?.merged_into_id).toBe(survivor?.customer_id);
  });

  it('splits a message out to a new ticket and merges a ticket into another, both shown in the timeline', async () => {
    const agent = shop.workspace.agent;
    const ticket = await buildTicket(rapport.deps, agent.actor, { subject: 'Grinder and kettle', text: 'My grinder is loud.', customer: { email: 'sam@customer.test', name: 'Sam Reed' } });
    await replyToTicket(rapport.deps, agent.actor, ticket.id, { text: 'Also, the kettle lid is broken.' });
    const target = await buildTicket(rapport.deps, agent.actor, { subject: 'Kettle lid broken', text: 'Kettle lid snapped off.', customer: { email: 'sam@customer.test', name: 'Sam Reed' } });

    const page = await signIn(agent.email, `/tickets/${ticket.number}`);
    await page.getByRole('heading', { name: 'Grinder and kettle', level: 1 }).waitFor({ timeout: 20_000 });
    const first = page.getByTestId('timeline-message').filter({ hasText: 'My grinder is loud.' });
    await first.waitFor({ timeout: 20_000 });
    expect(await first.getByRole('button', { name: 'Split to new ticket' }).count()).toBe(0);

    await page.getByTestId('timeline-message').filter({ hasText: 'kettle lid is broken' }).getByRole('button', { name: 'Split to new ticket' }).click();
    const splitDialog = page.getByRole('dialog', { name: 'Split this message to a new ticket?' });
    await splitDialog.getByLabel('Subject of the new ticket').fill('Kettle lid (split)');
    await splitDialog.getByRole('button', { name: 'Split message' }).click();
    await splitDialog.waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByTestId('timeline-event').filter({ hasText: /A message was split out to ticket #\d+/ }).waitFor({ timeout: 20_000 });
    await page.getByTestId('timeline-message').filter({ hasText: 'kettle lid is broken' }).waitFor({ state: 'detached', timeout: 20_000 });
    const [split] = await rapport.database.query<{ number: number }>("select number from tickets where workspace_id = $1 and subject = 'Kettle lid (split)'", [shop.workspace.id]);
    expect(split).toBeDefined();

    // Merge this ticket into the other one, picked by its number.
    await page.getByRole('button', { name: 'Merge into…' }).click();
    const mergeDialog = page.getByRole('dialog', { name: `Merge ticket #${ticket.number} into another ticket` });
    await mergeDialog.getByLabel('Ticket number or words from the subject').fill(String(target.number));
    await mergeDialog.getByRole('button', { name: `Choose #${target.number} Kettle lid broken` }).click();
    await mergeDialog.getByRole('button', { name: 'Merge tickets' }).click();
    await page.getByRole('heading', { name: 'Kettle lid broken', level: 1 }).waitFor({ timeout: 20_000 });
    await page.getByTestId('timeline-event').filter({ hasText: `Ticket #${ticket.number} was merged into this ticket` }).waitFor({ timeout: 20_000 });
    await page.getByTestId('timeline-message').filter({ hasText: 'My grinder is loud.' }).waitFor({ timeout: 20_000 });
    const [source] = await rapport.database.query<{ merged_into_id: string | null; status: string }>('select merged_into_id, status from tickets where id = $1', [ticket.id]);
    expect(source).toEqual({ merged_into_id: target.id, status: 'closed' });
  });
});
