/**
 * IMAP mailboxes against a real Dovecot (tests/support/dovecot.ts starts a private instance):
 * messages APPENDed by a second IMAP client are received once, marked on the server, survive a
 * poller restart without re-import or skip, survive a UIDVALIDITY change, and a failing mailbox
 * backs off without blocking a healthy one. Both wait paths run: IDLE (mail within seconds while
 * no poll is due) and polling (the `idle: false` option, and a Dovecot that does not advertise IDLE).
 *
 * Without /usr/sbin/dovecot these tests are skipped, and scripts/test.mjs says so loudly (and fails
 * the run under CI=true, where .ci/run installs dovecot-imapd).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../apps/server/src/platform/app-deps.ts';
import { startImapPoller, type ImapPoller, type ImapPollerOptions } from '../../apps/server/src/modules/email/imap-poller.ts';
import { testImapConnection } from '../../apps/server/src/modules/email/imap-mailbox.ts';
import { notifyImapMailboxesChanged } from '../../apps/server/src/modules/email/imap.queries.ts';
import { provisionWorkspace } from '../../apps/server/src/modules/workspaces/provision-workspace.ts';
import type { Database } from '../../packages/db/src/database.ts';
import { createTestDatabase } from '../support/database.ts';
import { isDovecotInstalled, startDovecot, type DovecotUser, type TestDovecot } from '../support/dovecot.ts';
import { pollerDeps, waitFor } from '../support/imap.ts';

const fast: Partial<ImapPollerOptions> = {
  reloadMs: 60_000,
  pollMs: 60_000,
  idleRefreshMs: 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 8_000,
  connectTimeoutMs: 5_000,
  commandTimeoutMs: 20_000,
  batchSize: 2,
};

let sequence = 0;
function message(label: string, options: { messageId?: boolean } = {}): string {
  sequence += 1;
  const id = `${label}-${sequence}-${randomBytes(4).toString('hex')}`;
  return [
    'From: Customer <customer@example.test>',
    'To: support@shop.example.test',
    `Subject: ${label} ${sequence}`,
    ...(options.messageId === false ? [] : [`Message-ID: <${id}@example.test>`]),
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, this is ${id}.`,
    '',
  ].join('\r\n');
}

describe.skipIf(!isDovecotInstalled)('IMAP mailboxes against Dovecot', () => {
  let dovecot: TestDovecot;
  let database: Database;
  let deps: AppDeps;
  const pollers: ImapPoller[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
    // The poller needs only AppDeps (no HTTP server, no other worker service).
    database = await createTestDatabase();
    deps = pollerDeps(database);
  });
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  });
  afterAll(async () => {
    await database?.close();
    await dovecot?.stop();
  });

  /** Each test's pollers see only its own mailboxes: the previous test's are disabled. */
  async function freshWorkspace() {
    await deps.database.query('update imap_mailboxes set enabled = false');
    const slug = `imap-${randomBytes(4).toString('hex')}`;
    return provisionWorkspace(deps.db, { slug, name: 'IMAP shop', now: new Date() });
  }

  async function startPoller(overrides: Partial<ImapPollerOptions> = {}, pollerDeps: AppDeps = deps): Promise<ImapPoller> {
    const poller = await startImapPoller(pollerDeps, { ...fast, ...overrides });
    pollers.push(poller);
    return poller;
  }

  async function stopPoller(poller: ImapPoller) {
    await poller.stop();
    pollers.splice(pollers.indexOf(poller), 1);
  }

  async function createMailbox(
    workspaceId: string,
    user: DovecotUser,
    options: { mailbox?: string; processedAction?: 'flag' | 'move'; moveTo?: string; password?: string; port?: number } = {},
  ): Promise<string> {
    const [row] = await deps.database.query<{ id: string }>(
      `insert into imap_mailboxes (workspace_id, name, host, port, secure, username, password, mailbox, processed_action, move_to)
       values ($1, $2, '127.0.0.1', $3, false, $4, $5, $6, $7, $8) returning id`,
      [workspaceId, `Support ${user.user}`, options.port ?? dovecot.port, user.user, options.password ?? user.password, options.mailbox ?? 'INBOX', options.processedAction ?? 'flag', options.moveTo ?? null],
    );
    return row!.id;
  }

  const mailboxRow = async (id: string) =>
    (
      await deps.database.query<{ status: string; last_error: string | null; failures: number; last_uid: string; uid_validity: string | null; last_sync_at: Date | null }>(
        'select status, last_error, failures, last_uid::text, uid_validity::text, last_sync_at from imap_mailboxes where id = $1',
        [id],
      )
    )[0]!;

  const receipts = (workspaceId: string) =>
    deps.database.query<{ id: string; source: string; mailbox_id: string | null; dedupe_key: string; raw_key: string }>(
      'select id, source, mailbox_id, dedupe_key, raw_key from inbound_emails where workspace_id = $1 order by received_at, id',
      [workspaceId],
    );

  async function serverFlags(user: DovecotUser, folder: string): Promise<{ uid: number; seen: boolean }[]> {
    const client = await dovecot.client(user);
    try {
      const lock = await client.getMailboxLock(folder);
      try {
        const messages = client.mailbox && client.mailbox.exists > 0 ? await client.fetchAll('1:*', { uid: true, flags: true }) : [];
        return messages.map((item) => ({ uid: item.uid, seen: item.flags?.has('\\Seen') ?? false }));
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /** The same storage, counting how often raw bytes were stored: a re-fetched message would count twice. */
  function countingDeps(): { deps: AppDeps; puts: () => number } {
    let count = 0;
    const storage = {
      put: (bytes: Uint8Array) => {
        count += 1;
        return deps.storage.put(bytes);
      },
      get: (key: string) => deps.storage.get(key),
      has: (key: string) => deps.storage.has(key),
    };
    return { deps: { ...deps, storage }, puts: () => count };
  }

  it('receives appended messages once, flags them \\Seen, and a restart neither re-imports nor skips', async () => {
    const shop = await freshWorkspace();
    const user = dovecot.addUser(`flag-${shop.slug}`);
    const mailboxId = await createMailbox(shop.id, user);
    await dovecot.append(user, 'INBOX', [message('first'), message('second'), message('third', { messageId: false })]);
    const counting = countingDeps();

    const poller = await startPoller({}, counting.deps);
    const first = await waitFor('3 receipts', () => receipts(shop.id), (rows) => rows.length >= 3);
    expect(first).toHaveLength(3);
    for (const row of first) {
      expect(row.source).toBe('imap');
      expect(row.mailbox_id).toBe(mailboxId);
    }
    expect(first.filter((row) => row.dedupe_key.startsWith('sha256:'))).toHaveLength(1);
    // The flag is set after the receipt; the loop finishes the pass right after.
    await waitFor('\\Seen on all 3', () => serverFlags(user, 'INBOX'), (flags) => flags.length === 3 && flags.every((flag) => flag.seen));
    const synced = await waitFor('status connected', () => mailboxRow(mailboxId), (row) => row.status === 'connected' && row.last_uid === '3');
    expect(synced.failures).toBe(0);
    expect(synced.uid_validity).not.toBeNull();
    expect(synced.last_sync_at).not.toBeNull();
    await stopPoller(poller);
    expect((await mailboxRow(mailboxId)).status).toBe('idle');

    await dovecot.append(user, 'INBOX', [message('fourth'), message('fifth')]);
    const restarted = await startPoller({}, counting.deps);
    await waitFor('5 receipts', () => receipts(shop.id), (rows) => rows.length >= 5);
    // One more full pass after the restart: still nothing fetched twice.
    expect(await restarted.syncNow(mailboxId)).toBe(true);
    const all = await receipts(shop.id);
    expect(all).toHaveLength(5);
    expect(new Set(all.map((row) => row.dedupe_key)).size).toBe(5);
    expect(counting.puts()).toBe(5);
    expect((await mailboxRow(mailboxId)).last_uid).toBe('5');
    expect((await serverFlags(user, 'INBOX')).every((flag) => flag.seen)).toBe(true);
  });

  it('moves processed messages to the configured folder', async () => {
    const shop = await freshWorkspace();
    const user = dovecot.addUser(`move-${shop.slug}`);
    const mailboxId = await createMailbox(shop.id, user, { mailbox: 'Support', processedAction: 'move', moveTo: 'Processed' });
    await dovecot.append(user, 'Support', [message('move-a'), message('move-b'), message('move-c')]);

    const poller = await startPoller();
    await waitFor('3 receipts', () => receipts(shop.id), (rows) => rows.length >= 3);
    expect(await poller.syncNow(mailboxId)).toBe(true);
    expect(await serverFlags(user, 'Support')).toHaveLength(0);
    expect(await serverFlags(user, 'Processed')).toHaveLength(3);
    expect(await receipts(shop.id)).toHaveLength(3);
    const row = await mailboxRow(mailboxId);
    expect(row.status).toBe('connected');
    expect(row.last_uid).toBe('3');
  });

  it('handles a UIDVALIDITY change (folder deleted and recreated) without losing the new messages', async () => {
    const shop = await freshWorkspace();
    const user = dovecot.addUser(`uidv-${shop.slug}`);
    const mailboxId = await createMailbox(shop.id, user, { mailbox: 'Support' });
    const old = [message('old-1'), message('old-2'), message('old-3')];
    await dovecot.append(user, 'Support', old);

    const poller = await startPoller();
    await waitFor('3 receipts', () => receipts(shop.id), (rows) => rows.length >= 3);
    const before = await waitFor('last_uid 3', () => mailboxRow(mailboxId), (row) => row.last_uid === '3');

    const admin = await dovecot.client(user);
    try {
      await admin.mailboxDelete('Support').catch((error: { responseText?: string }) => {
        throw new Error(`DELETE failed: ${error.responseText}`);
      });
      await admin.mailboxCreate('Support');
    } finally {
      await admin.logout().catch(() => admin.close());
    }
    // The new folder starts again at UID 1: without the UIDVALIDITY check, UIDs 1–3 would be skipped.
    await dovecot.append(user, 'Support', [message('new-1'), old[0]!, message('new-2')]);
    await poller.syncNow(mailboxId);
    await waitFor('5 receipts', () => receipts(shop.id), (rows) => rows.length >= 5, 30_000);
    const after = await waitFor('new validity, last_uid 3', () => mailboxRow(mailboxId), (row) => row.uid_validity !== before.uid_validity && row.last_uid === '3', 30_000);
    expect(after.uid_validity).not.toBe(before.uid_validity);
    expect(await receipts(shop.id)).toHaveLength(5); // the re-appended old message was absorbed by the dedupe
    expect((await serverFlags(user, 'Support')).every((flag) => flag.seen)).toBe(true);
  });

  it('shows a failing mailbox with its error and backs off, while a healthy one keeps receiving', async () => {
    const shop = await freshWorkspace();
    const broken = dovecot.addUser(`broken-${shop.slug}`);
    const healthy = dovecot.addUser(`healthy-${shop.slug}`);
    const wrongPassword = 'definitely-wrong-password';
    const brokenId = await createMailbox(shop.id, broken, { password: wrongPassword });
    const healthyId = await createMailbox(shop.id, healthy);

    const started = Date.now();
    const poller = await startPoller({ backoffBaseMs: 1_000 });
    const failing = await waitFor('status failing', () => mailboxRow(brokenId), (row) => row.status === 'failing' && row.failures >= 1);
    expect(failing.last_error).toMatch(/authentication failed/i);
    expect(failing.last_error).not.toContain(wrongPassword);

    await dovecot.append(healthy, 'INBOX', [message('healthy-1'), message('healthy-2')]);
    const received = await waitFor('healthy receipts', () => receipts(shop.id), (rows) => rows.length >= 2);
    expect(received.every((row) => row.mailbox_id === healthyId)).toBe(true);
    expect((await mailboxRow(healthyId)).status).toBe('connected');

    // Backoff: retries at ~0 s, 1 s, 3 s, 7 s… so a few seconds in there are only a handful of failures.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 4_000 - (Date.now() - started))));
    const later = await mailboxRow(brokenId);
    const elapsed = Date.now() - started;
    expect(later.status).toBe('failing');
    expect(later.failures).toBeGreaterThanOrEqual(2);
    expect(later.failures).toBeLessThanOrEqual(Math.ceil(Math.log2(elapsed / 1_000 + 1)) + 1);

    // Fixing the password (and notifying) restarts that mailbox's loop at once.
    await deps.database.query('update imap_mailboxes set password = $1 where id = $2', [broken.password, brokenId]);
    await notifyImapMailboxesChanged(deps.db);
    await dovecot.append(broken, 'INBOX', [message('fixed')]);
    await waitFor('fixed mailbox receives', () => receipts(shop.id), (rows) => rows.some((row) => row.mailbox_id === brokenId), 15_000);
    const fixed = await waitFor('fixed mailbox connected', () => mailboxRow(brokenId), (row) => row.status === 'connected');
    expect(fixed.failures).toBe(0);
    await stopPoller(poller);
  });

  it('IDLE: a new message arrives within seconds while no poll is due', async () => {
    const shop = await freshWorkspace();
    const user = dovecot.addUser(`idle-${shop.slug}`);
    const mailboxId = await createMailbox(shop.id, user);
    // No poll and no refresh for two minutes: only an IDLE EXISTS can bring the message in.
    const poller = await startPoller({ idle: true, pollMs: 120_000, idleRefreshMs: 120_000 });
    expect(await poller.syncNow(mailboxId)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the loop is idling now

    const appendedAt = Date.now();
    await dovecot.append(user, 'INBOX', [message('idle')]);
    await waitFor('receipt via IDLE', () => receipts(shop.id), (rows) => rows.length === 1, 5_000);
    expect(Date.now() - appendedAt).toBeLessThan(5_000);
  });

  it('polling: with idle off, and against a server that does not advertise IDLE', async () => {
    const shop = await freshWorkspace();
    const user = dovecot.addUser(`poll-${shop.slug}`);
    await createMailbox(shop.id, user);
    const poller = await startPoller({ idle: false, pollMs: 500, idleRefreshMs: 120_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dovecot.append(user, 'INBOX', [message('poll')]);
    await waitFor('receipt via polling', () => receipts(shop.id), (rows) => rows.length === 1, 5_000);
    await stopPoller(poller);

    const noIdle = await startDovecot({ idle: false });
    try {
      const other = noIdle.addUser(`noidle-${shop.slug}`);
      const check = await testImapConnection({ host: '127.0.0.1', port: noIdle.port, secure: false, username: other.user, password: other.password });
      expect(check).toMatchObject({ ok: true, idle: false });
      const otherId = await createMailbox(shop.id, other, { port: noIdle.port });
      // idle is on, but the server lacks IDLE: the loop must fall back to polling every 500 ms.
      const fallback = await startPoller({ idle: true, pollMs: 500, idleRefreshMs: 120_000 });
      expect(await fallback.syncNow(otherId)).toBe(true);
      await noIdle.append(other, 'INBOX', [message('no-idle-server')]);
      await waitFor('receipt from the server without IDLE', () => receipts(shop.id), (rows) => rows.some((row) => row.mailbox_id === otherId), 5_000);
      await stopPoller(fallback);
    } finally {
      await noIdle.stop();
    }
  });

  it('testImapConnection reports success, a wrong password and a missing folder without leaking the password', async () => {
    const user = dovecot.addUser(`check-${randomBytes(3).toString('hex')}`);
    const base = { host: '127.0.0.1', port: dovecot.port, secure: false, username: user.user };
    const ok = await testImapConnection({ ...base, password: user.password });
    expect(ok).toMatchObject({ ok: true, mailbox: 'INBOX', messages: 0, idle: true });

    const wrong = await testImapConnection({ ...base, password: 'wrong-password-123' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error).toMatch(/authentication failed/i);
      expect(wrong.error).not.toContain('wrong-password-123');
    }
    const missing = await testImapConnection({ ...base, password: user.password, mailbox: 'Nope' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatch(/Nope|exist/i);

    const refused = await testImapConnection({ ...base, port: 1, password: user.password }, { timeoutMs: 5_000 });
    expect(refused).toMatchObject({ ok: false });
  });
});
