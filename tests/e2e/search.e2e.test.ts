/**
 * Journey: search (issue 6 part 6). From the inbox, `/` focuses search; the agent types, gets
 * highlighted snippets, narrows by a filter, moves through results with the keyboard (↓, j, k)
 * and opens one with Enter. The search is remembered in recent searches, which can be cleared.
 * Snippets never render HTML from ticket text.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('search', () => {
  it('types, filters, navigates with the keyboard and opens a result; remembers and clears recent searches', async () => {
    await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Zeppelin model arrived broken', text: 'The zeppelin gondola snapped off in transit.', channel: 'email' });
    await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Zeppelin kit missing screws', text: 'My zeppelin kit has no screws. <img src=x onerror=alert(1)>', channel: 'phone' });
    await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Where is my zeppelin?', text: 'Ordered a zeppelin two weeks ago.', channel: 'phone' });

    const page = await signIn(shop.agent.email);
    await page.getByRole('navigation', { name: 'Views' }).waitFor({ timeout: 20_000 });
    await page.locator('body').click({ position: { x: 600, y: 10 } });
    // `/` from anywhere focuses the search box.
    await page.keyboard.press('/');
    await page.keyboard.type('zeppelin');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Search: zeppelin' }).waitFor({ timeout: 20_000 });
    const results = page.getByTestId('search-results');
    await results.waitFor({ timeout: 20_000 });
    expect(await results.getByRole('listitem').count()).toBe(3);
    // Matches are highlighted as <mark>, and ticket text is never rendered as HTML.
    expect(await results.locator('mark').first().textContent()).toMatch(/zeppelin/i);
    expect(await results.locator('img').count()).toBe(0);

    // Narrow by channel: the filter lands in the address and the results follow.
    await page.getByLabel('Channel').selectOption('phone');
    await page.waitForURL(/channel=phone/);
    await results.getByRole('listitem').nth(2).waitFor({ state: 'detached', timeout: 20_000 });
    expect(await results.getByRole('listitem').count()).toBe(2);
    const subjects = await results.getByRole('link').allTextContents();
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).include('.search').analyze();
    expect(axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);
    expect(subjects.every((subject) => subject.includes('screws') || subject.includes('Where is my zeppelin'))).toBe(true);

    // Keyboard: / back to the box, ↓ into the results, j and k move, Enter opens.
    await page.getByRole('heading', { name: 'Search: zeppelin' }).click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-search-input'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).toBe(subjects[0]);
    await page.keyboard.press('j');
    expect(await focusedText(page)).toBe(subjects[1]);
    await page.keyboard.press('k');
    expect(await focusedText(page)).toBe(subjects[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: subjects[1] ?? '' }).waitFor({ timeout: 20_000 });
    expect(page.url()).toMatch(/\/tickets\/\d+$/);

    // Recent searches: remembered per agent in this browser, clearable.
    await page.goBack();
    const recent = page.getByRole('region', { name: 'Recent searches' });
    await recent.getByRole('link', { name: 'zeppelin' }).waitFor({ timeout: 20_000 });
    await recent.getByRole('button', { name: 'Clear recent searches' }).click();
    await recent.getByText('Your recent searches appear here').waitFor();
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('rapport.recent-searches.')))).toEqual([]);
  });
});
