/**
 * Journey (issue 6 parts 8 and 9): an admin adds an agent, who signs in with the password shown
 * once (second browser context), sees no Admin section, and picks their own time zone, after which
 * dates are shown in it. The admin is told they cannot demote themselves as the last admin, then
 * adds a glossary term to the reply coach, and the try-it box flags it. A lead adds a member to a
 * team, which then lists them, as does the admin's users screen.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { defaultWebDistDir } from '../../apps/server/src/main.ts';
import { launchChromium } from '../support/browser.ts';
import { buildTicket, buildWorkspace, testPassword, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

const screenshots = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

let rapport: TestRapport;
let browser: Browser;
let shop: WorkspaceFixture;

beforeAll(async () => {
  ensureWebBuilt(() => undefined);
  rapport = await startTestRapport({ role: 'web', listen: true, config: testConfig({ webDistDir: defaultWebDistDir }) });
  shop = await buildWorkspace(rapport.deps, 'Juniper Books');
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await rapport?.stop();
});

async function signIn(email: string, password: string, path = '/'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
  const page = await context.newPage();
  await page.goto(`${rapport.baseUrl}${path}`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

describe('admin journey', () => {
  it('adds an agent who then signs in, and sets their own time zone', async () => {
    const admin = await signIn(shop.admin.email, testPassword);
    await admin.getByRole('link', { name: 'Users and roles' }).click();
    await admin.getByRole('heading', { name: 'Users and roles', level: 1 }).waitFor({ timeout: 20_000 });

    const form = admin.getByRole('form', { name: 'Add an agent' });
    await form.getByLabel('Name').fill('Nadia Novak');
    await form.getByLabel('Email').fill('nadia@juniper.test');
    await form.getByLabel('Languages they speak').fill('en, PL');
    await form.getByRole('button', { name: 'Add member' }).click();
    const password = (await admin.getByTestId('initial-password').textContent({ timeout: 20_000 }))?.trim() ?? '';
    expect(password).toHaveLength(16);
    const nadiaRow = admin.getByTestId('admin-member').filter({ hasText: 'nadia@juniper.test' });
    await nadiaRow.getByText('en, pl').waitFor({ timeout: 20_000 });
    await admin.screenshot({ path: `${screenshots}admin-users.png`, fullPage: false });

    // The last admin cannot demote themselves: the server's refusal is shown, in words.
    const ownRow = admin.getByTestId('admin-member').filter({ hasText: '(you)' });
    await ownRow.getByRole('button', { name: /^Edit / }).click();
    const editForm = admin.getByRole('form', { name: /^Edit / });
    await editForm.getByLabel('Role').selectOption('agent');
    await editForm.getByRole('button', { name: 'Save' }).click();
    await editForm.getByRole('alert').filter({ hasText: 'only active admin' }).waitFor({ timeout: 20_000 });
    await editForm.getByRole('button', { name: 'Cancel' }).click();

    // Second browser context: the new agent signs in with the password shown once.
    const [nadia] = await rapport.database.query<{ id: string }>('select id from users where email = $1', ['nadia@juniper.test']);
    if (!nadia) throw new Error('the new agent was not stored');
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Signed copy never arrived', assigneeId: nadia.id });
    const agent = await signIn('nadia@juniper.test', password);
    await agent.getByRole('link', { name: 'Signed copy never arrived' }).waitFor({ timeout: 20_000 });
    expect(await agent.getByRole('heading', { name: 'Admin' }).count()).toBe(0);
    expect(await agent.getByRole('link', { name: 'Users and roles' }).count()).toBe(0);

    // Their own time zone: every absolute date (here the row's tooltip) is then shown in it.
    await agent.getByRole('link', { name: 'My preferences' }).click();
    await agent.getByRole('heading', { name: 'My preferences', level: 1 }).waitFor({ timeout: 20_000 });
    await agent.getByRole('combobox', { name: 'My time zone' }).selectOption('Asia/Tokyo');
    await agent.getByRole('form', { name: 'Dates and times' }).getByRole('button', { name: 'Save' }).click();
    await agent.getByText('Dates are shown in Asia/Tokyo.').waitFor({ timeout: 20_000 });
    await agent.getByRole('link', { name: 'Mine' }).first().click();
    const time = agent.getByRole('link', { name: 'Signed copy never arrived' }).locator('xpath=ancestor::*[.//time][1]').locator('time').first();
    await time.waitFor({ timeout: 20_000 });
    const iso = (await time.getAttribute('datetime')) ?? '';
    const expected = await agent.evaluate(
      (value) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date(value)),
      iso,
    );
    expect(await time.getAttribute('title')).toBe(expected);
    const [stored] = await rapport.database.query<{ time_zone: string }>('select time_zone from users where id = $1', [nadia.id]);
    expect(stored?.time_zone).toBe('Asia/Tokyo');
    expect(ticket.subject).toBe('Signed copy never arrived');
  });

  it('lets a lead manage teams and tags only, moving a team\'s tickets before deleting it', async () => {
    const lead = await signIn(shop.lead.email, testPassword);
    await lead.getByRole('link', { name: 'Teams' }).click();
    await lead.getByRole('heading', { name: 'Teams', level: 1 }).waitFor({ timeout: 20_000 });
    expect(await lead.getByRole('link', { name: 'Users and roles' }).count()).toBe(0);
    expect(await lead.getByRole('link', { name: 'Reply coach' }).count()).toBe(0);
    expect(await lead.getByRole('link', { name: 'Tags' }).count()).toBe(1);

    for (const name of ['Shipping', 'Rare books']) {
      await lead.getByRole('textbox', { name: 'Team name' }).fill(name);
      await lead.getByRole('button', { name: 'Add team' }).click();
      await lead.getByTestId('admin-team').filter({ hasText: name }).waitFor({ timeout: 20_000 });
    }
    const [shipping] = await rapport.database.query<{ id: string }>('select id from teams where workspace_id = $1 and name = $2', [shop.id, 'Shipping']);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Parcel stuck at the depot', teamId: shipping?.id ?? null });

    lead.on('dialog', (dialog) => void dialog.accept());
    const deleteButton = lead.getByRole('button', { name: 'Delete Shipping' });
    await deleteButton.click();
    const dialog = lead.getByRole('dialog', { name: 'Move the tickets of Shipping' });
    await dialog.getByText('1 ticket uses this team.').waitFor({ timeout: 20_000 });
    // Escape closes the dialog and focus returns to the button that opened it.
    await lead.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await deleteButton.evaluate((element) => element === document.activeElement)).toBe(true);

    await deleteButton.click();
    await dialog.getByRole('combobox', { name: 'Move tickets to' }).selectOption({ label: 'Rare books' });
    await dialog.getByRole('button', { name: 'Move tickets and delete' }).click();
    await lead.getByTestId('admin-team').filter({ hasText: 'Shipping' }).waitFor({ state: 'detached', timeout: 20_000 });
    const [moved] = await rapport.database.query<{ name: string }>('select t.name from tickets k join teams t on t.id = k.team_id where k.id = $1', [ticket.id]);
    expect(moved?.name).toBe('Rare books');

    // Members: a checkbox per active member in a dialog; the team then lists them, and so does the users screen.
    const rareBooks = lead.getByTestId('admin-team').filter({ hasText: 'Rare books' });
    await rareBooks.getByText('Members: No members yet').waitFor({ timeout: 20_000 });
    await lead.getByRole('button', { name: 'Edit the members of Rare books' }).click();
    const membersDialog = lead.getByRole('dialog', { name: 'Members of Rare books' });
    const agentName = `Agent ${shop.slug}`;
    const agentBox = membersDialog.getByRole('group', { name: 'Active members' }).getByRole('checkbox', { name: agentName });
    await agentBox.check({ timeout: 20_000 });
    await membersDialog.getByRole('button', { name: 'Save' }).click();
    await membersDialog.waitFor({ state: 'detached', timeout: 20_000 });
    await rareBooks.getByTestId('admin-team-members').filter({ hasText: `Members: ${agentName}` }).waitFor({ timeout: 20_000 });
    const [joined] = await rapport.database.query<{ user_id: string }>(
      'select m.user_id from team_members m join teams t on t.id = m.team_id where t.workspace_id = $1 and t.name = $2',
      [shop.id, 'Rare books'],
    );
    expect(joined?.user_id).toBe(shop.agent.id);
    const admin = await signIn(shop.admin.email, testPassword);
    await admin.getByRole('link', { name: 'Users and roles' }).click();
    const agentRow = admin.getByTestId('admin-member').filter({ hasText: shop.agent.email });
    await agentRow.getByTestId('admin-member-teams').filter({ hasText: 'Teams: Rare books' }).waitFor({ timeout: 20_000 });
    await admin.context().close();

    await lead.getByRole('link', { name: 'Tags' }).click();
    await lead.getByRole('heading', { name: 'Tags', level: 1 }).waitFor({ timeout: 20_000 });
    await lead.getByRole('textbox', { name: 'Tag name' }).fill('signed-copy');
    await lead.getByRole('button', { name: 'Add tag' }).click();
    await lead.getByTestId('admin-tag').filter({ hasText: 'signed-copy' }).getByText('0 tickets').waitFor({ timeout: 20_000 });
  });

  it('adds a glossary term that the coach then flags in the try-it box', async () => {
    const admin = await signIn(shop.admin.email, testPassword);
    await admin.getByRole('link', { name: 'Reply coach' }).click();
    await admin.getByRole('heading', { name: 'Reply coach', level: 1 }).waitFor({ timeout: 20_000 });

    await admin.getByRole('button', { name: 'Add a term' }).click();
    await admin.getByLabel('Term 1', { exact: true }).fill('OmniSync');
    await admin.getByLabel('Plain wording for term 1').fill('our stock system');
    await admin.getByLabel('Level for “Dismissive wording”').selectOption('off');
    await admin.getByRole('button', { name: 'Save coach settings' }).click();
    await admin.getByText('Coach settings saved').waitFor({ state: 'attached', timeout: 20_000 });

    await admin.getByLabel('Sample reply').fill('Thanks for waiting. Your book is reserved in OmniSync and ships tomorrow.');
    await admin.getByRole('button', { name: 'Check the reply' }).click();
    const finding = admin.getByTestId('coach-findings').locator('[data-rule="jargon"]').filter({ hasText: 'Flagged: “OmniSync”' });
    await finding.waitFor({ timeout: 20_000 });
    await finding.scrollIntoViewIfNeeded();
    await admin.screenshot({ path: `${screenshots}admin-coach.png`, fullPage: false });

    const [row] = await rapport.database.query<{ coach_settings: unknown }>('select coach_settings from workspaces where id = $1', [shop.id]);
    expect(row?.coach_settings).toEqual({ checks: { dismissive: 'off' }, glossary: [{ term: 'OmniSync', plain: 'our stock system' }] });
  });
});
