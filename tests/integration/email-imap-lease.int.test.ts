/**
 * Several worker processes share the IMAP mailboxes through leases (`imap_mailboxes.claimed_by`,
 * `claimed_until`). Two pollers on one database stand for two workers: exactly one holds a mailbox
 * and connects to Dovecot, messages are received once; a worker that stops renewing (crashed, or
 * cut off from the database) loses the mailbox to the other within the lease; a clean stop releases
 * at once; several mailboxes spread across the workers.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../apps/server/src/platform/app-deps.ts';
import { startImapPoller, type ImapPoller, type ImapPollerOptions } from '../../apps/server/src/modules/email/imap-poller.ts';
import { provisionWorkspace } from '../../apps/server/src/modules/workspaces/provision-workspace.ts';
import type { Database } from '../../packages/db/src/database.ts';
import { createTestDatabase } from '../support/database.ts';
import { isDovecotInstalled, startDovecot, type DovecotUser, type TestDovecot } from '../support/dovecot.ts';
import { pollerDeps, waitFor as waitForEvery } from '../support/imap.ts';
import { withCuttableDatabase } from '../support/cuttable-database.ts';

/** Lease hand-overs are timed tightly: poll every 50 ms. */
const waitFor = <T>(what: string, probe: () => Promise<T> | T, isDone: (value: T) => boolean, timeoutMs = 20_000): Promise<T> =>
  waitForEvery(what, probe, isDone, timeoutMs, 50);

const fast: Partial<ImapPollerOptions> = {
  reloadMs: 60_000,
  pollMs: 60_000,
  idleRefreshMs: 60_000,
  backoffBaseMs: 500,
  backoffMaxMs: 2_000,
  connectTimeoutMs: 5_000,
  commandTimeoutMs: 20_000,
};

let sequence = 0;
function message(label: string): string {
  sequence += 1;
  const id = `${label}-${sequence}-${randomBytes(4).toString('hex')}`;
  return ['From: Customer <customer@example.test>', 'To: support@shop.example.test', `Subject: ${label} ${sequence}`, `Message-ID: <${id}@example.test>`, '', `Hello, ${id}.`, ''].join('\r\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!isDovecotInstalled)('IMAP mailbox leases across worker processes', () => {
  let dovecot: TestDovecot;
  let database: Database;
  let deps: AppDeps;
  const pollers: ImapPoller[] = [];
  const restores: (() => void)[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
    database = await createTestDatabase();
    deps = pollerDeps(database);
  });
  afterEach(async () => {
    for (const restore of restores.splice(0)) restore();
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  });
  afterAll(async () => {
    await database?.close();
    await dovecot?.stop();
  });

  async function freshWorkspace() {
    await deps.database.query('update imap_mailboxes set enabled = false');
    const slug = `lease-${randomBytes(4).toString('hex')}`;
    return provisionWorkspace(deps.db, { slug, name: 'Lease shop', now: new Date() });
  }

  async function startPoller(overrides: Partial<ImapPollerOptions>, pollerDeps: AppDeps = deps): Promise<ImapPoller> {
    const poller = await startImapPoller(pollerDeps, { ...fast, ...overrides });
    pollers.push(poller);
    return poller;
  }

  async function createMailbox(workspaceId: string, user: DovecotUser): Promise<string> {
    const [row] = await deps.database.query<{ id: string }>(
      `insert into imap_mailboxes (workspace_id, name, host, port, secure, username, password) values ($1, $2, '127.0.0.1', $3, false, $4, $5) returning id`,
      [workspaceId, `Support ${user.user}`, dovecot.port, user.user, user.password],
    );
    return row!.id;
  }

  const lease = async (id: string) =>
    (await deps.database.query<{ claimed_by: string | null; left_ms: number | null; status: string }>(
      `select claimed_by, (extract(epoch from (claimed_until - now())) * 1000)::float8 as left_ms, status from imap_mailboxes where id = $1`,
      [id],
    ))[0]!;

  const receipts = (workspaceId: string) =>
    deps.database.query<{ mailbox_id: string | null; dedupe_key: string }>('select mailbox_id, dedupe_key from inbound_emails where workspace_id = $1', [workspaceId]);

  /** Successful IMAP logins of `user` in Dovecot's log (the pollers' and the test's own). */
  const logins = (user: DovecotUser) => dovecot.log().split('\n').filter((line) => line.includes(`Login: user=<${user.user}>`)).length;

  /** The same storage, counting stored raw messages: a message fetched by two workers counts twice. */
  function countingStorage(counter: { puts: number }): AppDeps['storage'] {
    return {
      put: (bytes: Uint8Array) => {
        counter.puts += 1;
        return deps.storage.put(bytes);
      },
      get: (key: string) => deps.storage.get(key),
      has: (key: string) => deps.storage.has(key),
    };
  }

  /**
   * Deps whose database calls can be cut: the worker keeps running but every query fails, as when
   * its process hangs or loses the database. It can neither renew nor release its leases.
   */
  function cuttableDeps(storage: AppDeps['storage'] = deps.storage): { deps: AppDeps; cut(): void } {
    const cuttable = withCuttableDatabase(deps, storage);
    restores.push(cuttable.restore);
    return cuttable;
  }

  it('two workers, one mailbox: exactly one holds the lease and connects; each message is received once', async () => {
    const shop = await freshWorkspace();
    const user = dovecot.addUser(`one-${shop.slug}`);
    const mailboxId = await createMailbox(shop.id, user);
    await dovecot.append(user, 'INBOX', [message('a'), message('b'), message('c')]);
    const counter = { puts: 0 };
    const storage = countingStorage(counter);
    const [first, second] = await Promise.all([startPoller({ leaseMs: 3_000 }, { ...deps, storage }), startPoller({ leaseMs: 3_000 }, { ...deps, storage })]);
    expect(first.workerId).not.toBe(second.workerId);

    await waitFor('3 receipts', () => receipts(shop.id), (rows) => rows.length >= 3);
    const holder = [first, second].filter((poller) => poller.heldMailboxIds().includes(mailboxId));
    expect(holder).toHaveLength(1);
    const other = holder[0] === first ? second : first;
    expect((await lease(mailboxId)).claimed_by).toBe(holder[0]!.workerId);

    // Several lease renewals (every 1 s) and reloads later, still one holder and one connection.
    for (let round = 0; round < 3; round += 1) {
      await Promise.all([first.reload(), second.reload()]);
      await sleep(1_000);
    }
    expect(await other.syncNow(mailboxId)).toBe(false);
    expect(await holder[0]!.syncNow(mailboxId)).toBe(true);
    expect(other.heldMailboxIds()).toEqual([]);
    const row = await lease(mailboxId);
    expect(row.claimed_by).toBe(holder[0]!.workerId);
    expect(row.left_ms).toBeGreaterThan(0);
    expect(row.left_ms).toBeLessThanOrEqual(3_000);
    expect(row.status).toBe('connected');
    // One login by the test's APPEND, one by the holding worker's single session; none by the other.
    expect(logins(user)).toBe(2);
    expect(await receipts(shop.id)).toHaveLength(3);
    expect(counter.puts).toBe(3);
  });

  it('a worker that stops renewing (crashed or cut off) loses the mailbox to the other within the lease', async () => {
    const shop = await freshWorkspace();
    const user = dovecot.addUser(`crash-${shop.slug}`);
    const mailboxId = await createMailbox(shop.id, user);
    const leaseMs = 2_000;
    const counter = { puts: 0 };
    const storage = countingStorage(counter);
    // reloadMs is long: the takeover comes from the reload scheduled at the end of the other's lease.
    const a = cuttableDeps(storage);
    const b = cuttableDeps(storage);
    const [first, second] = await Promise.all([startPoller({ leaseMs }, a.deps), startPoller({ leaseMs }, b.deps)]);
    await dovecot.append(user, 'INBOX', [message('before')]);
    await waitFor('first receipt', () => receipts(shop.id), (rows) => rows.length === 1);
    // The position is saved just after the receipt commits: cut only once it is, or the other worker
    // rightly fetches 'before' again (its receipt is absorbed, but it is stored a second time).
    await waitFor(
      'the position past the first message',
      async () => (await deps.database.query<{ last_uid: number }>('select last_uid from imap_mailboxes where id = $1', [mailboxId]))[0]!,
      (row) => Number(row.last_uid) >= 1,
    );
    const holder = first.heldMailboxIds().includes(mailboxId) ? first : second;
    const other = holder === first ? second : first;
    const cut = holder === first ? a.cut : b.cut;
    expect(other.heldMailboxIds()).toEqual([]);
    expect((await lease(mailboxId)).claimed_by).toBe(holder.workerId);

    const cutAt = Date.now();
    cut();
    // The cut-off worker stops its loop (and closes its IMAP connection) once its lease may have run out.
    await waitFor('the cut-off worker lets go', () => holder.heldMailboxIds(), (ids) => ids.length === 0, leaseMs + 2_000);
    const takenOver = await waitFor('the other worker holds the lease', () => lease(mailboxId), (row) => row.claimed_by === other.workerId, leaseMs + 3_000);
    expect(Date.now() - cutAt).toBeLessThan(leaseMs + 3_000);
    expect(takenOver.left_ms).toBeGreaterThan(0);
    expect(other.heldMailboxIds()).toEqual([mailboxId]);

    await dovecot.append(user, 'INBOX', [message('after')]);
    const rows = await waitFor('receipt after the takeover', () => receipts(shop.id), (found) => found.length === 2, 10_000);
    expect(new Set(rows.map((row) => row.dedupe_key)).size).toBe(2);
    expect(counter.puts).toBe(2);
    // The mailbox's status row is written by the poller after it settles (IDLE or the next poll), not with the receipt.
    await waitFor('the mailbox shows as connected', () => lease(mailboxId), (row) => row.status === 'connected', 10_000);
  });

  it('a clean stop releases the lease at once and the other worker takes over long before it would expire', async () => {
    const shop = await freshWorkspace();
    const user = dovecot.addUser(`clean-${shop.slug}`);
    const mailboxId = await createMailbox(shop.id, user);
    const leaseMs = 60_000;
    const [first, second] = await Promise.all([startPoller({ leaseMs }), startPoller({ leaseMs })]);
    await waitFor('one holder', () => [first, second].filter((poller) => poller.heldMailboxIds().length > 0).length, (count) => count === 1);
    const holder = first.heldMailboxIds().includes(mailboxId) ? first : second;
    const other = holder === first ? second : first;
    expect((await lease(mailboxId)).claimed_by).toBe(holder.workerId);

    const stoppedAt = Date.now();
    await holder.stop();
    pollers.splice(pollers.indexOf(holder), 1);
    expect((await lease(mailboxId)).claimed_by).not.toBe(holder.workerId);
    // The NOTIFY sent after the release wakes the other worker: no wait for the 60 s lease.
    await waitFor('the other worker holds the lease', () => lease(mailboxId), (row) => row.claimed_by === other.workerId, 5_000);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);

    await dovecot.append(user, 'INBOX', [message('after-stop')]);
    await waitFor('receipt by the remaining worker', () => receipts(shop.id), (rows) => rows.length === 1, 10_000);

    await other.stop();
    pollers.splice(pollers.indexOf(other), 1);
    const released = await lease(mailboxId);
    expect(released.claimed_by).toBeNull();
    expect(released.left_ms).toBeNull();
    expect(released.status).toBe('idle');
  });

  it('spreads mailboxes: a worker claims no more than its fair share while another holds live leases', async () => {
    const shop = await freshWorkspace();
    const users = [0, 1, 2, 3].map((index) => dovecot.addUser(`spread${index}-${shop.slug}`));
    const firstId = await createMailbox(shop.id, users[0]!);
    const first = await startPoller({ leaseMs: 10_000 });
    await waitFor('first worker holds the only mailbox', () => first.heldMailboxIds(), (ids) => ids.length === 1);
    // Three more mailboxes, no NOTIFY: the first worker does not see them until its next reload.
    const more = [];
    for (const user of users.slice(1)) more.push(await createMailbox(shop.id, user));
    const second = await startPoller({ leaseMs: 10_000 });
    // 4 mailboxes, 2 live workers: the second takes 2 of the 3 free ones, not all 3.
    expect(second.heldMailboxIds()).toHaveLength(2);
    await first.reload();
    expect(first.heldMailboxIds()).toHaveLength(2);
    expect(first.heldMailboxIds()).toContain(firstId);
    const all = [...first.heldMailboxIds(), ...second.heldMailboxIds()].sort();
    expect(all).toEqual([firstId, ...more].sort());
    for (const id of first.heldMailboxIds()) expect((await lease(id)).claimed_by).toBe(first.workerId);
    for (const id of second.heldMailboxIds()) expect((await lease(id)).claimed_by).toBe(second.workerId);
    // Each worker receives the mail of its own mailboxes.
    for (const user of users) await dovecot.append(user, 'INBOX', [message(`spread-${user.user}`)]);
    const rows = await waitFor('4 receipts', () => receipts(shop.id), (found) => found.length >= 4);
    expect(new Set(rows.map((row) => row.mailbox_id)).size).toBe(4);
  });
  it('rebalances: a worker started later gets its fair share from one that holds every mailbox', async () => {
    const shop = await freshWorkspace();
    const users = [0, 1, 2, 3].map((index) => dovecot.addUser(`rebalance${index}-${shop.slug}`));
    const ids: string[] = [];
    for (const user of users) ids.push(await createMailbox(shop.id, user));
    const first = await startPoller({ leaseMs: 3_000 });
    await waitFor('the first worker holds all 4', () => first.heldMailboxIds(), (held) => held.length === 4);
    // Leases far from expiry and no reload due: only the newcomer's announcement can move mailboxes.
    const second = await startPoller({ leaseMs: 3_000 });
    await waitFor('2 each', () => [first.heldMailboxIds().length, second.heldMailboxIds().length], ([a, b]) => a === 2 && b === 2, 10_000);
    expect([...first.heldMailboxIds(), ...second.heldMailboxIds()].sort()).toEqual([...ids].sort());
    for (const id of second.heldMailboxIds()) expect((await lease(id)).claimed_by).toBe(second.workerId);
    for (const user of users) await dovecot.append(user, 'INBOX', [message(`rebalance-${user.user}`)]);
    const rows = await waitFor('4 receipts', () => receipts(shop.id), (found) => found.length >= 4);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((row) => row.mailbox_id)).size).toBe(4);
  });
});
