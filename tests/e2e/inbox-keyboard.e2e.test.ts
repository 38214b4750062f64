/**
 * Journey: triage the inbox with the keyboard. An agent signs in, moves through the Unassigned
 * view with j/k, selects two tickets with x, assigns both to themselves in one bulk action (the
 * counts and rows follow), opens the remaining ticket with Enter (it is marked read), goes back
 * with u, and opens the shortcut help with ?. A ticket created meanwhile appears without a reload.
 */
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

const signIn = (email: string, path: string) => signInAs(browser, rapport.baseUrl, email, { path });

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
const countOf = (page: Page, view: string) =>
  page.locator(`a[href="/views/${view}"]`).getByTestId('view-count').textContent({ timeout: 20_000 });

describe('inbox keyboard journey', () => {
  it('triages the inbox with the keyboard', async () => {
    const subjects = ['Espresso machine leaks water', 'Refund for a double charge', 'Where is my grinder?'];
    for (const [index, subject] of subjects.entries()) {
      await buildTicket(rapport.deps, shop.agent.actor, { subject, createdAt: new Date(Date.now() - (3 - index) * 60_000) });
    }
    const page = await signIn(shop.agent.email, '/views/unassigned');
    const rows = page.getByTestId('inbox-row');
    await rows.filter({ hasText: subjects[0] }).waitFor({ timeout: 20_000 });
    expect(await rows.count()).toBe(3);
    // Never opened: every row is unread (bold, with a dot and the words for screen readers).
    expect(await page.locator('[data-testid="inbox-row"][data-unread]').count()).toBe(3);
    await expect.poll(() => countOf(page, 'unassigned'), { timeout: 20_000 }).toBe('3');

    // Newest first: j focuses the first row, j moves down, k up.
    await page.keyboard.press('j');
    await expect.poll(() => focusedText(page)).toContain(subjects[2]);
    await page.keyboard.press('j');
    await expect.poll(() => focusedText(page)).toContain(subjects[1]);
    await page.keyboard.press('x');
    await page.keyboard.press('k');
    await expect.poll(() => focusedText(page)).toContain(subjects[2]);
    await page.keyboard.press('x');
    const bulkBar = page.getByTestId('bulk-bar');
    await bulkBar.getByText('2 selected').waitFor({ timeout: 10_000 });

    // Typing in a field never triggers shortcuts.
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('shell-search-input');
    await page.keyboard.type('jx');
    await bulkBar.getByText('2 selected').waitFor();
    await page.keyboard.press('Escape');

    // One bulk action assigns both to me.
    await page.getByLabel('Assign to').selectOption({ label: (await agentName()) ?? '' });
    await bulkBar.getByRole('button', { name: 'Apply' }).first().press('Enter');
    await page.getByTestId('bulk-outcome').getByText('Changed 2 tickets').waitFor({ timeout: 20_000 });
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => countOf(page, 'unassigned'), { timeout: 20_000 }).toBe('1');
    await expect.poll(() => countOf(page, 'mine'), { timeout: 20_000 }).toBe('2');
    const assigned = await rapport.database.query<{ subject: string }>('select subject from tickets where workspace_id = $1 and assignee_id = $2 order by subject', [shop.id, shop.agent.id]);
    expect(assigned.map((row) => row.subject)).toEqual([subjects[1], subjects[2]].sort());

    // A new ticket appears without a reload, and the count follows.
    await buildTicket(rapport.deps, shop.lead.actor, { subject: 'Milk frother stopped working' });
    await rows.filter({ hasText: 'Milk frother stopped working' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => countOf(page, 'unassigned'), { timeout: 20_000 }).toBe('2');

    // Sorting from the list header is kept in the URL.
    await page.getByTestId('sort-created').click();
    await expect.poll(() => page.url()).toContain('sort=created_desc');
    await rows.first().filter({ hasText: 'Milk frother stopped working' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('sort-created').click();
    await expect.poll(() => page.url()).toContain('sort=created_asc');
    await rows.first().filter({ hasText: subjects[0] }).waitFor({ timeout: 20_000 });

    // Enter opens the focused ticket; opening marks it read.
    await page.keyboard.press('j');
    await expect.poll(() => focusedText(page)).toContain(subjects[0]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: subjects[0] }).waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => (await rapport.database.query('select 1 from ticket_reads where workspace_id = $1 and user_id = $2', [shop.id, shop.agent.id])).length, { timeout: 10_000 })
      .toBe(1);

    // u goes back to the list (same sort), where the row is no longer bold.
    await page.keyboard.press('u');
    await expect.poll(() => page.url()).toContain('/views/unassigned?sort=created_asc');
    const opened = rows.filter({ hasText: subjects[0] });
    await opened.waitFor({ timeout: 20_000 });
    await expect.poll(() => opened.getAttribute('data-unread')).toBeNull();

    // ? lists every shortcut in a dialog; Escape closes it and focus returns.
    await page.keyboard.press('j');
    const before = await focusedText(page);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor({ timeout: 10_000 });
    for (const description of ['Go to the inbox', 'Search tickets', 'Next ticket', 'Previous ticket', 'Select or unselect the ticket']) {
      await help.getByText(description).waitFor();
    }
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    // Shortcuts of the page behind do not fire while the dialog is open.
    await page.keyboard.press('x');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(await focusedText(page)).toBe(before);
    expect(await page.getByText(/\d+ selected/).count()).toBe(0);

    // On the ticket page: r reply, n note, a assignee, s solve (the composer and properties panel
    // carry the ids the shortcuts use: #composer-text, [data-composer-mode], #ticket-assignee).
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: subjects[0] }).waitFor({ timeout: 20_000 });
    const leaveField = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('#composer-text').waitFor({ timeout: 20_000 });
    await page.keyboard.press('n');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-text');
    await expect.poll(() => page.locator('[data-composer-mode="note"]').getAttribute('aria-pressed')).toBe('true');
    await leaveField();
    await page.keyboard.press('r');
    await expect.poll(() => page.locator('[data-composer-mode="reply"]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-text');
    await leaveField();
    await page.keyboard.press('a');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ticket-assignee');
    await leaveField();
    await page.keyboard.press('s');
    await expect
      .poll(async () => (await rapport.database.query<{ status: string }>('select status from tickets where workspace_id = $1 and subject = $2', [shop.id, subjects[0]]))[0]?.status, { timeout: 10_000 })
      .toBe('solved');
  });

  it('creates a saved view in the UI, sees its count, and edits it', async () => {
    const team = await buildWorkspace(rapport.deps, 'Views shop');
    await buildTicket(rapport.deps, team.agent.actor, { subject: 'Kettle broke after a week', tags: ['warranty'] });
    await buildTicket(rapport.deps, team.agent.actor, { subject: 'Change my delivery address' });
    const page = await signIn(team.agent.email, '/views/open');
    await page.getByTestId('inbox-row').first().waitFor({ timeout: 20_000 });

    await page.getByRole('button', { name: 'New view' }).click();
    const editor = page.getByRole('dialog', { name: 'New view' });
    await editor.waitFor();
    // Focus starts in the first field.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await editor.getByLabel('Name').fill('Warranty claims');
    await editor.getByLabel('Tag').fill('warranty');
    await editor.getByLabel('New').check();
    await editor.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('heading', { level: 1, name: 'Warranty claims' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('inbox-row').count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('inbox-row').filter({ hasText: 'Kettle broke after a week' }).waitFor();
    const link = page.getByRole('link', { name: /Warranty claims/ });
    await expect.poll(() => link.getByTestId('view-count').textContent(), { timeout: 20_000 }).toBe('1');
    const [stored] = await rapport.database.query<{ filters: unknown; owner_id: string }>("select filters, owner_id from views where name = 'Warranty claims'");
    expect(stored).toMatchObject({ filters: { tag: 'warranty', status: ['new'] }, owner_id: team.agent.id });

    // Escape closes the editor and focus returns to the button that opened it.
    const edit = page.getByRole('button', { name: 'Edit view' });
    await edit.click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Edit view');

    await edit.click();
    const dialog = page.getByRole('dialog', { name: 'Edit view "Warranty claims"' });
    await dialog.getByLabel('Name').fill('Warranty');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('heading', { level: 1, name: 'Warranty', exact: true }).waitFor({ timeout: 20_000 });
  });
});

async function agentName(): Promise<string | undefined> {
  const [row] = await rapport.database.query<{ name: string }>('select name from users where id = $1', [shop.agent.id]);
  return row?.name;
}
