/**
 * The worker role starts the IMAP poller (background-services.ts), and a mailbox created while it
 * runs is picked up at once through the NOTIFY on rapport_imap_mailboxes. The poller's behaviour
 * itself is tested in email-imap.int.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyImapMailboxesChanged } from '../../apps/server/src/modules/email/imap.queries.ts';
import { buildWorkspace } from '../support/factories.ts';
import { startTestRapport, type TestRapport } from '../support/rapport.ts';
import { isDovecotInstalled, startDovecot, type TestDovecot } from '../support/dovecot.ts';
import { waitFor } from '../support/imap.ts';

const message = () =>
  ['From: customer@example.test', 'To: support@shop.example.test', 'Subject: via the worker', `Message-ID: <w-${randomBytes(6).toString('hex')}@example.test>`, '', 'Hello.', ''].join('\r\n');

describe.skipIf(!isDovecotInstalled)('the worker role runs the IMAP poller', () => {
  let dovecot: TestDovecot;
  let worker: TestRapport;
  beforeAll(async () => {
    dovecot = await startDovecot();
    worker = await startTestRapport({ role: 'worker' });
  });
  afterAll(async () => {
    await worker?.stop();
    await dovecot?.stop();
  });

  it('starts imap-poller and picks up a new mailbox on NOTIFY', async () => {
    expect(worker.services.has('imap-poller')).toBe(true);
    const shop = await buildWorkspace(worker.deps);
    const user = dovecot.addUser(`worker-${shop.slug}`);
    await dovecot.append(user, 'INBOX', [message()]);
    await worker.database.query(
      `insert into imap_mailboxes (workspace_id, name, host, port, secure, username, password) values ($1, 'Support', '127.0.0.1', $2, false, $3, $4)`,
      [shop.id, dovecot.port, user.user, user.password],
    );
    await notifyImapMailboxesChanged(worker.deps.db);
    const rows = await waitFor(
      'worker receipt',
      () => worker.database.query<{ source: string }>('select source from inbound_emails where workspace_id = $1', [shop.id]),
      (found) => found.length === 1,
    );
    expect(rows[0]!.source).toBe('imap');
  });
});
