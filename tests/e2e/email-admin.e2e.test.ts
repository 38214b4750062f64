/**
 * Journey: an admin adds a workspace email address; a quarantined email (no sender) and a held
 * email (a stranger replying to a customer's ticket) arrive. A lead releases the quarantined one
 * on the Quarantine page; an agent accepts the held one into the ticket it claims. The ticket page
 * then shows which rule joined each email, and the stripped quoted text is one click away.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { processInboundEmail } from '../../apps/server/src/modules/email/process-inbound.ts';
import { receiveEmail } from '../../apps/server/src/modules/email/receive-email.ts';
import { launchChromium, signInAs } from '../support/browser.ts';
import { buildWorkspace, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

const screenshots = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  // The web role only: the test runs the inbound processor itself, so nothing races it.
  rapport = await startTestRapport({ role: 'web', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  shop = await buildWorkspace(rapport.deps, 'Kettle & Co');
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await rapport?.stop();
});

const signIn = (email: string, path = '/', height = 860) => signInAs(browser, rapport.baseUrl, email, { path, viewport: { width: 1280, height } });

/** Receives a raw email and processes it as the worker would; returns the receipt and its outcome. */
async function deliver(lines: string[], body: string) {
  const raw = new TextEncoder().encode(`${lines.join('\r\n')}\r\n\r\n${body}\r\n`);
  const { receipts } = await receiveEmail(rapport.deps, { raw, source: 'smtp', workspaceId: shop.id, envelopeTo: ['help@kettle.test'] });
  const id = receipts[0]?.id;
  if (!id) throw new Error('not received');
  return { id, ...(await processInboundEmail(rapport.deps, shop.id, id)) };
}

describe('email admin journey', () => {
  it('adds an address, releases a quarantined email, accepts a held one, and shows the threading on the ticket', async () => {
    // 1. The admin adds the workspace's address.
    const admin = await signIn(shop.admin.email, '/', 1560);
    await admin.getByRole('link', { name: 'Email settings' }).click();
    await admin.getByRole('heading', { name: 'Email settings', level: 1 }).waitFor({ timeout: 20_000 });
    await admin.getByLabel('Email address').fill('Help@Kettle.TEST');
    await admin.getByLabel('Display name', { exact: true }).fill('Kettle & Co support');
    await admin.getByRole('button', { name: 'Add address' }).click();
    await admin.getByTestId('email-address').filter({ hasText: 'help@kettle.test' }).waitFor({ timeout: 20_000 });
    await admin.getByTestId('email-address').filter({ hasText: 'help@kettle.test' }).getByText('Default').waitFor({ timeout: 20_000 });
    await admin.getByLabel('Subject', { exact: true }).fill('We received your message [#{{ticketNumber}}]');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Email settings saved').waitFor({ state: 'attached', timeout: 20_000 });
    // A mailbox the worker could not reach: its status, last error and next try are shown; testing it says why.
    const created = await rapport.app?.inject({
      method: 'POST',
      url: '/api/v1/email/mailboxes',
      headers: { authorization: `Bearer ${shop.admin.token}` },
      payload: { name: 'Old support inbox', host: '127.0.0.1', port: 1, secure: false, username: 'support', password: 'imap password' },
    });
    expect(created?.statusCode).toBe(201);
    await rapport.database.query(
      "update imap_mailboxes set status = 'failing', last_error = 'connect ECONNREFUSED 127.0.0.1:1', last_error_at = now(), failures = 2 where workspace_id = $1",
      [shop.id],
    );
    await admin.reload();
    const mailbox = admin.getByTestId('imap-mailbox').filter({ hasText: 'Old support inbox' });
    await mailbox.getByText(/Last error/).waitFor({ timeout: 20_000 });
    expect(await mailbox.textContent()).toMatch(/2 failures in a row · next try/);
    await mailbox.getByRole('button', { name: 'Test connection' }).click();
    await mailbox.getByText(/Connection failed: .*ECONNREFUSED/).waitFor({ timeout: 30_000 });
    expect(await mailbox.textContent()).not.toContain('imap password');
    await admin.evaluate(() => window.scrollTo(0, 0));
    await admin.screenshot({ path: `${screenshots}email-settings.png`, fullPage: false });
    const [address] = await rapport.database.query<{ address: string; is_default: boolean }>('select address, is_default from email_addresses where workspace_id = $1', [shop.id]);
    expect(address).toEqual({ address: 'help@kettle.test', is_default: true });

    // 2. Mail arrives: Ana opens a ticket; a stranger "replies" to it; a message without a sender.
    const ana = await deliver(
      ['From: Ana Lima <ana@customer.test>', 'To: help@kettle.test', 'Subject: Kettle stopped heating', 'Message-ID: <ana-1@customer.test>', 'Date: Tue, 4 Nov 2025 09:00:00 +0000'],
      'Hello, my kettle stopped heating after two weeks. Order 5521.',
    );
    expect(ana.status).toBe('processed');
    const held = await deliver(
      [
        'From: Mallory <mallory@elsewhere.test>',
        'To: help@kettle.test',
        'Subject: Re: Kettle stopped heating',
        'Message-ID: <mallory-1@elsewhere.test>',
        'In-Reply-To: <ana-1@customer.test>',
        'References: <ana-1@customer.test>',
        'Date: Tue, 4 Nov 2025 10:00:00 +0000',
      ],
      'I am Ana\'s colleague, please send the replacement to my address instead.\r\n\r\nOn Tue, 4 Nov 2025, Ana Lima wrote:\r\n> Hello, my kettle stopped heating after two weeks.',
    );
    expect(held.status).toBe('held');
    const quarantined = await deliver(['To: help@kettle.test', 'Subject: Invoice attached', 'Message-ID: <nofrom-1@unknown.test>', 'Date: Tue, 4 Nov 2025 11:00:00 +0000'], 'See attachment.');
    expect(quarantined.status).toBe('quarantined');
    const [ticket] = await rapport.database.query<{ number: number }>('select number from tickets where id = $1', [ana.ticketId]);

    // 3. A lead releases the quarantined email.
    const lead = await signIn(shop.lead.email);
    await lead.getByRole('link', { name: 'Quarantine' }).click();
    await lead.getByRole('heading', { name: 'Quarantine', level: 1 }).waitFor({ timeout: 20_000 });
    const quarantinedRow = lead.getByTestId('inbound-email').filter({ hasText: 'Invoice attached' });
    await quarantinedRow.waitFor({ timeout: 20_000 });
    await quarantinedRow.getByText('No sender (From) address').waitFor({ timeout: 20_000 });
    expect(await quarantinedRow.getByRole('link', { name: 'View raw' }).getAttribute('href')).toBe(`/api/v1/email/inbound/${quarantined.id}/raw`);
    await lead.screenshot({ path: `${screenshots}quarantine.png`, fullPage: false });
    await quarantinedRow.getByRole('button', { name: 'Release' }).click();
    await quarantinedRow.waitFor({ state: 'detached', timeout: 20_000 });
    await lead.getByText('Nothing in quarantine.').waitFor({ timeout: 20_000 });
    const [released] = await rapport.database.query<{ status: string }>('select status from inbound_emails where id = $1', [quarantined.id]);
    expect(released?.status).toBe('processed');

    // 4. An agent sees only held emails and accepts this one into Ana's ticket.
    const agent = await signIn(shop.agent.email, '/quarantine');
    await agent.getByRole('heading', { name: 'Quarantine', level: 1 }).waitFor({ timeout: 20_000 });
    expect(await agent.getByRole('button', { name: 'Quarantined' }).count()).toBe(0);
    const heldRow = agent.getByTestId('inbound-email').filter({ hasText: 'mallory@elsewhere.test' });
    await heldRow.waitFor({ timeout: 20_000 });
    await heldRow.getByText(/Unverified sender/).waitFor({ timeout: 20_000 });
    await heldRow.getByRole('button', { name: `Accept into #${ticket!.number}` }).click();
    await heldRow.waitFor({ state: 'detached', timeout: 20_000 });

    // 5. The ticket shows which rule joined each email; the quoted text is one click away.
    await agent.goto(`${rapport.baseUrl}/tickets/${ticket!.number}`);
    const accepted = agent.getByTestId('timeline-message').filter({ hasText: 'send the replacement to my address' });
    await accepted.waitFor({ timeout: 20_000 });
    expect(await accepted.getByTestId('thread-rule').textContent()).toContain('Accepted by an agent');
    const first = agent.getByTestId('timeline-message').filter({ hasText: 'my kettle stopped heating after two weeks. Order 5521' });
    expect(await first.getByTestId('thread-rule').textContent()).toContain('New ticket');
    expect(await accepted.getByTestId('quoted-text').isVisible()).toBe(false);
    await accepted.getByRole('button', { name: 'Show quoted text' }).click();
    await accepted.getByTestId('quoted-text').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await accepted.getByTestId('quoted-text').textContent()).toContain('my kettle stopped heating after two weeks');
    expect(await accepted.getByRole('link', { name: 'View original' }).getAttribute('href')).toMatch(/^\/api\/v1\/messages\/[0-9a-f-]{36}\/raw$/);
    expect(await agent.getByTestId('held-banner').count()).toBe(0);
    await agent.screenshot({ path: `${screenshots}ticket-email.png`, fullPage: false });
    await accepted.getByRole('button', { name: 'Hide quoted text' }).click();
    await accepted.getByTestId('quoted-text').waitFor({ state: 'hidden', timeout: 20_000 });
  });
});

