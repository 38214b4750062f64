/**
 * Journey: an agent signs in, opens a ticket and replies; a second agent with the ticket open in
 * another browser context sees the reply appear live, without reloading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { launchChromium, signInAs } from '../support/browser.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../support/factories.ts';
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

describe('agent journey', () => {
  it('signs in, opens a ticket, replies, and a second agent sees the reply live', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, {
      subject: 'Grinder arrived with a cracked hopper',
      text: 'The grinder I ordered arrived today and the hopper is cracked. Can you send a new one?',
      assigneeId: shop.agent.id,
    });

    const agent = await signIn(shop.agent.email);
    const lead = await signIn(shop.lead.email, `/tickets/${ticket.number}`);
    await lead.getByTestId('timeline-message').filter({ hasText: 'the hopper is cracked' }).waitFor({ timeout: 20_000 });
    const leadMessagesBefore = await lead.getByTestId('timeline-message').count();

    await agent.getByRole('link', { name: 'Grinder arrived with a cracked hopper' }).click();
    await agent.getByRole('heading', { name: /Grinder arrived with a cracked hopper/ }).waitFor({ timeout: 20_000 });
    const reply = 'Thank you for letting us know. A new hopper ships today by express; you will have it tomorrow.';
    await agent.getByRole('textbox', { name: 'Reply' }).fill(reply);
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
    await agent.getByTestId('timeline-message').filter({ hasText: 'A new hopper ships today' }).waitFor({ timeout: 20_000 });

    // No reload on the lead's page: the reply arrives over the WebSocket.
    await lead.getByTestId('timeline-message').filter({ hasText: 'A new hopper ships today' }).waitFor({ timeout: 20_000 });
    expect(await lead.getByTestId('timeline-message').count()).toBe(leadMessagesBefore + 1);

    const stored = await rapport.database.query<{ text: string }>("select text from messages where ticket_id = $1 and direction = 'outbound'", [ticket.id]);
    expect(stored.map((row) => row.text)).toEqual([reply]);
  });
});
