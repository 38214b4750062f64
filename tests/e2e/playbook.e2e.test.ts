/**
 * Journey (issue 7 part 8; P24, P27): an agent opens a ticket about a late parcel, sees the
 * delayed-shipment playbook suggested with the reason, starts it, ticks every step, inserts the
 * suggested macro into the composer, and after a reload the run shows as completed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { signInAs, startBrowserRig, stopBrowserRig } from '../support/browser.ts';
import { buildTicket, type WorkspaceFixture } from '../support/factories.ts';
import type { TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

beforeAll(async () => {
  ({ rapport, browser, shop } = await startBrowserRig('Hazel Home Goods'));
});
afterAll(() => stopBrowserRig({ rapport, browser }));

describe('playbook journey', () => {
  it('suggests, starts and completes the delayed-shipment playbook and inserts its macro', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, {
      subject: 'Parcel still not here',
      text: 'Hello, my parcel was due last Tuesday and still has not arrived. Could you check where it is?',
      customer: { email: 'rosa.quint@example.test', name: 'Rosa Quint' },
      assigneeId: shop.agent.id,
    });
    const page = await signInAs(browser, rapport.baseUrl, shop.agent.email, { path: `/tickets/${ticket.number}`, viewport: { width: 1400, height: 1100 } });
    await page.getByRole('heading', { name: 'Parcel still not here', level: 1 }).waitFor({ timeout: 20_000 });

    const panel = page.getByTestId('playbook-panel');
    const suggestion = panel.getByTestId('playbook-suggestion').filter({ hasText: 'Suggested: Delayed shipment' });
    await suggestion.waitFor({ timeout: 20_000 });
    await suggestion.getByText(/mentions a late delivery/).waitFor();
    await suggestion.getByRole('button', { name: 'Start the playbook Delayed shipment' }).click();

    const run = panel.getByTestId('playbook-run');
    await run.getByText('0 of 5 steps').waitFor({ timeout: 20_000 });
    const steps = run.getByRole('list', { name: 'Steps of Delayed shipment' }).getByRole('checkbox');
    expect(await steps.count()).toBe(5);
    for (let index = 0; index < 5; index += 1) {
      await steps.nth(index).check();
      await run.getByText(`${index + 1} of 5 steps`).waitFor({ timeout: 10_000 });
    }
    await run.getByText('Completed', { exact: true }).waitFor({ timeout: 10_000 });
    await run.getByText('Replacement', { exact: true }).waitFor();

    // The suggested macro lands in the composer, filled for this customer.
    await run.getByRole('button', { name: 'Use suggested macro' }).click();
    const composer = page.locator('#composer-text');
    await expect.poll(() => composer.inputValue(), { timeout: 10_000 }).toContain("Hi Rosa,\n\nThank you for your patience, and I'm sorry your order hasn't reached you yet.");

    await page.reload();
    const reloaded = page.getByTestId('playbook-run');
    await reloaded.getByText('5 of 5 steps').waitFor({ timeout: 20_000 });
    expect(await reloaded.getAttribute('data-completed')).toBe('true');
    await reloaded.getByText('Completed', { exact: true }).waitFor();
    await page.context().close();
  }, 60_000);
});
