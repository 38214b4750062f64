/**
 * The IMAP poller (worker role): one independent loop per enabled `imap_mailboxes` row.
 *
 * Per mailbox: connect, open the folder, compare UIDVALIDITY with the stored one (a new validity
 * resets `last_uid` to 0: the receipt's dedupe by Message-ID / content hash absorbs messages seen
 * before), then fetch every message with UID > last_uid in batches. For each, in UID order:
 * `receiveEmail` (raw stored, receipt committed) → the processed action (flag \Seen, or move) →
 * `last_uid` advanced in the database. A crash re-fetches at most the in-flight message, which the
 * dedupe absorbs; a restart neither re-imports nor skips.
 *
 * Waiting for new mail: IDLE when the server advertises it (an EXISTS wakes the loop at once),
 * otherwise a poll every `pollMs`. Passing `idle: false` forces the polling path even on a server
 * with IDLE (tests use it; so can an operator whose server's IDLE misbehaves).
 *
 * A failing mailbox (refused connection, wrong password, missing folder, timeout) gets status
 * 'failing', `last_error` (no secrets), `failures + 1`, and retries after 5 s × 2^(failures-1),
 * capped at 10 minutes, without blocking the others. A successful pass resets it to 'connected'.
 * The list of mailboxes is reloaded every `reloadMs` and at once on a NOTIFY on
 * `rapport_imap_mailboxes` (see notifyImapMailboxesChanged); a row whose connection settings
 * changed gets a fresh loop.
 */
import type { ImapFlow } from 'imapflow';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { Logger } from '../../platform/logger.ts';
import { bounded, createImapClient, describeImapError, type ImapTimeouts } from './imap-mailbox.ts';
import {
  advanceLastUid,
  imapMailboxesChannel,
  markImapConnecting,
  markImapFailing,
  markImapIdle,
  markImapSynced,
  resetUidValidity,
  selectEnabledImapMailboxes,
  selectImapMailbox,
  type ImapMailboxRow,
} from './imap.queries.ts';
import { receiveEmail } from './receive-email.ts';

export interface ImapPollerOptions {
  /** How often the list of mailboxes is re-read (besides NOTIFY). Default 30 s. */
  reloadMs: number;
  /** Use IDLE when the server supports it. Default true. */
  idle: boolean;
  /** Poll interval when not idling. Default 60 s. */
  pollMs: number;
  /** Even while idling, a full pass this often (and IDLE re-issued, RFC 2177 asks < 29 min). Default 5 min. */
  idleRefreshMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  connectTimeoutMs: number;
  /** Bound on any single IMAP command (a fetch batch included). Default 2 min. */
  commandTimeoutMs: number;
  /** Messages fetched per FETCH command. Default 20. */
  batchSize: number;
}

export const defaultImapPollerOptions: ImapPollerOptions = {
  reloadMs: 30_000,
  idle: true,
  pollMs: 60_000,
  idleRefreshMs: 5 * 60_000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 10 * 60_000,
  connectTimeoutMs: 15_000,
  commandTimeoutMs: 2 * 60_000,
  batchSize: 20,
};

export interface ImapPoller {
  stop(): Promise<void>;
  /** Runs a pass of that mailbox now (ending any backoff wait); resolves when the pass ended. False if no loop runs it. */
  syncNow(mailboxId: string): Promise<boolean>;
  /** Re-reads the mailbox list now. */
  reload(): Promise<void>;
}

export function backoffMs(failures: number, options: Pick<ImapPollerOptions, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(options.backoffBaseMs * 2 ** exponent, options.backoffMaxMs);
}

/** The settings a loop was started with; a change restarts the loop. Status columns are not in it. */
function fingerprint(row: ImapMailboxRow): string {
  return JSON.stringify([row.host, row.port, row.secure, row.username, row.password, row.mailbox, row.processedAction, row.moveTo]);
}

class ConnectionLost extends Error {}

class MailboxLoop {
  readonly fingerprint: string;
  private stopped = false;
  private client: ImapFlow | null = null;
  private wakeUp: (() => void) | null = null;
  private isWakePending = false;
  private passWaiters: ((value: boolean) => void)[] = [];
  private readonly done: Promise<void>;
  private readonly logger: Logger;

  constructor(
    private readonly deps: AppDeps,
    private readonly row: ImapMailboxRow,
    private readonly options: ImapPollerOptions,
  ) {
    this.fingerprint = fingerprint(row);
    this.logger = deps.logger.child({ imapMailboxId: row.id, workspaceId: row.workspaceId });
    this.done = this.run();
  }

  get id(): string {
    return this.row.id;
  }

  /** Ends a wait (poll, IDLE, backoff) now; remembered if the loop is busy. */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.isWakePending = true;
  }

  requestPass(): Promise<boolean> {
    const ended = new Promise<boolean>((resolve) => this.passWaiters.push(resolve));
    this.wake();
    return ended;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    // Let the message in flight finish (its receipt, action and last_uid), then cut the connection.
    const timer = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([this.done, timer]);
    this.client?.close();
    await this.done;
    for (const resolve of this.passWaiters.splice(0)) resolve(false);
  }

  /** Waits `ms`, or until woken, or (given a client) until its connection closes. */
  private sleep(ms: number, client?: ImapFlow): Promise<void> {
    if (this.isWakePending || this.stopped || (client && !client.usable)) {
      this.isWakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      let isSettled = false;
      const finish = () => {
        if (isSettled) return;
        isSettled = true;
        clearTimeout(timer);
        client?.off('close', finish);
        if (this.wakeUp === finish) this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeUp = finish;
      client?.once('close', finish);
    });
  }

  private passEnded(ok: boolean): void {
    for (const resolve of this.passWaiters.splice(0)) resolve(ok);
  }

  private async run(): Promise<void> {
    const { deps, row } = this;
    let failures = 0;
    while (!this.stopped) {
      let hadSynced = false;
      try {
        hadSynced = await this.session(() => {
          hadSynced = true;
          failures = 0;
        });
      } catch (error) {
        if (this.stopped) break;
        // A server that drops a healthy session (restart, IDLE timeout) is not a failure: reconnect.
        if (hadSynced && error instanceof ConnectionLost) {
          this.logger.info('IMAP connection closed by the server; reconnecting');
          this.passEnded(false);
          await this.sleep(1_000);
          continue;
        }
        const message = describeImapError(error, row.password);
        failures = await markImapFailing(deps.db, row.workspaceId, row.id, message, deps.clock.now()).catch(() => failures + 1);
        const wait = backoffMs(failures, this.options);
        this.logger.warn({ error: message, failures, retryInMs: wait }, 'IMAP mailbox failing');
        this.passEnded(false);
        await this.sleep(wait);
      }
    }
    await markImapIdle(deps.db, row.workspaceId, row.id).catch(() => undefined);
  }

  /** One connection: passes until stopped; throws on any error. Returns whether a pass succeeded. */
  private async session(onSynced: () => void): Promise<boolean> {
    const { deps, row, options } = this;
    const timeouts: ImapTimeouts = {
      connectTimeoutMs: options.connectTimeoutMs,
      socketTimeoutMs: Math.max(options.commandTimeoutMs, options.idleRefreshMs + 60_000),
    };
    await markImapConnecting(deps.db, row.workspaceId, row.id);
    const client = createImapClient({ ...row, mailbox: row.mailbox }, timeouts);
    this.client = client;
    const onExists = () => this.wake();
    client.on('exists', onExists);
    const command = <T>(promise: Promise<T>, what: string) => bounded(promise, options.commandTimeoutMs, what, () => client.close());
    let hasSynced = false;
    try {
      await bounded(client.connect(), options.connectTimeoutMs + 5_000, 'IMAP connect', () => client.close());
      if (row.processedAction === 'move' && row.moveTo) {
        // mailboxCreate answers { created: false } when the folder exists.
        await command(client.mailboxCreate(row.moveTo), 'CREATE');
      }
      const useIdle = options.idle && client.capabilities.has('IDLE');
      while (!this.stopped) {
        if (!client.usable) throw new ConnectionLost('IMAP connection closed');
        await this.pass(client, command);
        hasSynced = true;
        onSynced();
        await markImapSynced(deps.db, row.workspaceId, row.id, deps.clock.now());
        this.passEnded(true);
        if (this.stopped) break;
        if (useIdle) {
          // IDLE runs until the next command breaks it; an EXISTS (new mail) wakes the loop.
          void client.idle().catch(() => undefined);
          await this.sleep(options.idleRefreshMs, client);
        } else {
          await this.sleep(options.pollMs, client);
        }
      }
      if (client.usable) await bounded(client.logout(), 5_000, 'LOGOUT').catch(() => undefined);
      return hasSynced;
    } catch (error) {
      if (hasSynced && !client.usable) throw new ConnectionLost(describeImapError(error, row.password));
      throw error;
    } finally {
      client.off('exists', onExists);
      client.close();
      this.client = null;
    }
  }

  private async pass(client: ImapFlow, command: <T>(promise: Promise<T>, what: string) => Promise<T>): Promise<void> {
    const { deps, row, options } = this;
    // The stored position is the truth (an admin may have reset it); read it each pass.
    const stored = await selectImapMailbox(deps.db, row.workspaceId, row.id);
    if (!stored) throw new Error('mailbox row is gone');
    // SELECT on every pass: it reports new mail and a changed UIDVALIDITY (a folder deleted and
    // recreated under an open session keeps its stale view in Dovecot until selected again).
    const opened = await command(client.mailboxOpen(row.mailbox), 'SELECT');
    const uidValidity = Number(opened.uidValidity);
    let lastUid = stored.lastUid;
    if (stored.uidValidity !== uidValidity) {
      if (stored.uidValidity !== null) {
        this.logger.warn({ previous: stored.uidValidity, current: uidValidity }, 'IMAP UIDVALIDITY changed; reading the folder again from the start');
      }
      await resetUidValidity(deps.db, row.workspaceId, row.id, uidValidity);
      lastUid = 0;
    }
    // "n:*" always includes the highest UID, even when it is below n: filter.
    const found = (await command(client.search({ uid: `${lastUid + 1}:*` }, { uid: true }), 'UID SEARCH')) || [];
    const uids = [...new Set(found)].filter((uid) => uid > lastUid).sort((a, b) => a - b);
    let received = 0;
    for (let start = 0; start < uids.length && !this.stopped; start += options.batchSize) {
      const batch = uids.slice(start, start + options.batchSize);
      // fetchAll, not fetch: no other command may run while a FETCH iterator is open.
      const messages = await command(client.fetchAll(batch.join(','), { uid: true, source: true }, { uid: true }), 'UID FETCH');
      messages.sort((a, b) => a.uid - b.uid);
      for (const message of messages) {
        if (this.stopped) break;
        if (!message.source || message.uid <= lastUid) continue;
        await receiveEmail(deps, { raw: message.source, source: 'imap', workspaceId: row.workspaceId, mailboxId: row.id });
        // Only now is the message safe with us: mark it on the server, then remember the UID.
        const uid = String(message.uid);
        if (row.processedAction === 'move' && row.moveTo) await command(client.messageMove(uid, row.moveTo, { uid: true }), 'UID MOVE');
        else await command(client.messageFlagsAdd(uid, ['\\Seen'], { uid: true, silent: true }), 'UID STORE');
        await advanceLastUid(deps.db, row.workspaceId, row.id, uidValidity, message.uid);
        lastUid = message.uid;
        received += 1;
      }
    }
    if (received > 0) this.logger.info({ received }, 'IMAP messages received');
  }
}

export async function startImapPoller(deps: AppDeps, overrides: Partial<ImapPollerOptions> = {}): Promise<ImapPoller> {
  const options: ImapPollerOptions = { ...defaultImapPollerOptions, ...overrides };
  const loops = new Map<string, MailboxLoop>();
  let stopped = false;
  let reloading: Promise<void> = Promise.resolve();

  async function reloadOnce(): Promise<void> {
    if (stopped) return;
    const rows = await selectEnabledImapMailboxes(deps.db);
    const wanted = new Map(rows.map((row) => [row.id, row]));
    const stopping: Promise<void>[] = [];
    for (const [id, loop] of loops) {
      const row = wanted.get(id);
      if (!row || fingerprint(row) !== loop.fingerprint) {
        loops.delete(id);
        stopping.push(loop.stop());
      }
    }
    await Promise.all(stopping);
    if (stopped) return;
    for (const row of rows) {
      if (!loops.has(row.id)) loops.set(row.id, new MailboxLoop(deps, row, options));
    }
  }

  function reload(): Promise<void> {
    reloading = reloading.then(reloadOnce).catch((error: unknown) => deps.logger.error({ err: error }, 'IMAP mailbox list reload failed'));
    return reloading;
  }

  await reload();
  const unlisten = await deps.database.listen(imapMailboxesChannel, () => void reload());
  const timer = setInterval(() => void reload(), options.reloadMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten();
      await reloading;
      await Promise.all([...loops.values()].map((loop) => loop.stop()));
      loops.clear();
    },
    async syncNow(mailboxId) {
      if (!loops.has(mailboxId)) await reload();
      const loop = loops.get(mailboxId);
      return loop ? loop.requestPass() : false;
    },
    reload,
  };
}
