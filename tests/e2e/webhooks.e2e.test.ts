/**
 * Journey (issue 7 part 7): an admin adds a webhook endpoint for their shop (a bad URL is refused
 * with the reason first), reveals its signing secret, sends a test event that the shop receives
 * signed with that secret, sees a failing delivery with its error and retries it, rotates the
 * secret, disables and deletes the endpoint. The shop is a real HTTP server on 127.0.0.1; the
 * webhook sender runs beside the web role as the worker would.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startWebhookSender, type WebhookSender } from '../../apps/server/src/modules/webhooks/webhook-sender.ts';
import { verifyWebhookSignature } from '../../apps/server/src/modules/webhooks/webhook-signature.ts';
import { signInAs, startBrowserRig, stopBrowserRig } from '../support/browser.ts';
import type { WorkspaceFixture } from '../support/factories.ts';
import type { TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;
let sender: WebhookSender;
let server: Server;
let hookUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let answer = 200;

beforeAll(async () => {
  ({ rapport, browser, shop } = await startBrowserRig('Hazel Home Goods'));
  sender = await startWebhookSender(rapport.deps, { pollMs: 1_000, timeoutMs: 5_000 });
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rapport-webhook`;
});
afterAll(async () => {
  await sender?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await stopBrowserRig({ rapport, browser });
});

describe('webhooks journey', () => {
  it('adds an endpoint, sends a signed test event, retries a failure, rotates the secret, disables and deletes it', async () => {
    const page = await signInAs(browser, rapport.baseUrl, shop.admin.email, { path: '/admin/webhooks', viewport: { width: 1400, height: 1000 } });
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor({ timeout: 20_000 });
    await page.getByText('No endpoints yet.', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await dialog.getByLabel('URL').fill('ftp://shop.example.test/hook');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.getByText('The URL must start with https:// (or http://).').waitFor();
    await dialog.getByLabel('URL').fill(hookUrl);
    await dialog.getByLabel('Description').fill('Hazel shop refunds');
    expect(await dialog.getByRole('checkbox', { name: /Resolution action approved/ }).isChecked()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'Ticket created' }).check();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByTestId('webhook-row').filter({ hasText: hookUrl });
    await row.getByText('Hazel shop refunds').waitFor();
    await row.getByText(/Events: Resolution action approved .*, Ticket created/).waitFor();
    // The new endpoint opens with its secret, hidden until asked for.
    const secretInput = row.getByLabel('Signing secret');
    expect(await secretInput.getAttribute('type')).toBe('password');
    await row.getByRole('button', { name: 'Show secret' }).click();
    const secret = await secretInput.inputValue();
    expect(secret).toMatch(/^whsec_/);

    await row.getByRole('button', { name: `Send test event to ${hookUrl}` }).click();
    const deliveries = row.getByTestId('webhook-delivery');
    await deliveries.filter({ hasText: 'Delivered' }).first().waitFor({ timeout: 20_000 });
    expect(received).toHaveLength(1);
    const [test] = received;
    expect(test!.headers['rapport-event']).toBe('webhook.test');
    expect(verifyWebhookSignature(secret, String(test!.headers['rapport-signature']), test!.body, { now: new Date() })).toBe(true);

    // The shop fails: the attempt shows its error and a Retry; once the shop is back, Retry delivers it.
    answer = 500;
    await row.getByRole('button', { name: `Send test event to ${hookUrl}` }).click();
    const failing = deliveries.filter({ hasText: 'The endpoint answered HTTP 500' });
    await failing.waitFor({ timeout: 20_000 });
    await failing.getByText('Pending').waitFor();
    answer = 200;
    await failing.getByRole('button', { name: /^Retry delivery of event/ }).click();
    await expect.poll(() => deliveries.filter({ hasText: 'Delivered' }).count(), { timeout: 20_000 }).toBe(2);
    expect(received).toHaveLength(3);

    await row.getByRole('button', { name: 'Rotate secret' }).click();
    const confirm = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await confirm.getByRole('button', { name: 'Rotate secret' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => secretInput.inputValue(), { timeout: 10_000 }).not.toBe(secret);

    await row.getByRole('button', { name: `Disable endpoint ${hookUrl}` }).click();
    await row.getByText('Disabled', { exact: true }).waitFor({ timeout: 10_000 });
    await row.getByRole('button', { name: `Enable endpoint ${hookUrl}` }).waitFor();

    await row.getByRole('button', { name: `Delete endpoint ${hookUrl}` }).click();
    const remove = page.getByRole('dialog', { name: 'Delete this endpoint?' });
    await remove.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText('No endpoints yet.', { exact: false }).waitFor({ timeout: 10_000 });
    await page.context().close();
  }, 90_000);
});
