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
 *
 * Several worker processes (`rapport serve --role worker` scaled out on PostgreSQL) share the
 * mailboxes through leases: each poller has a random worker id, and a mailbox loop runs only while
 * its poller holds the lease (`claimed_by`, `claimed_until` in database time). A reload claims
 * unclaimed or expired mailboxes, one UPDATE each, up to a fair share (the enabled mailboxes divided
 * by the workers holding live leases, itself included), so mailboxes spread across workers and none
 * is left unpolled. Each poller also announces itself on the channel (`worker:<id>`, at start and
 * every `leaseMs / 3`), so a worker holding no mailbox yet counts too: a reload that finds this
 * worker above its fair share (ceil(enabled / live workers)) releases the excess cleanly (the
 * message in flight finishes, the lease is released, NOTIFY), and the newcomer claims them. A
 * newcomer's first announcement makes the others reload at once. A worker whose announcements stop
 * (crashed) no longer counts after `leaseMs`. The poller renews its leases every `leaseMs / 3` in
 * one statement; a mailbox whose renewal fails (another worker took it, it was disabled) or whose lease ran out locally
 * (the database unreachable) has its loop stopped and its IMAP connection closed, and every write a
 * loop makes is conditioned on still holding the lease. A clean stop releases the leases at once
 * and NOTIFYs, so another worker takes over immediately; a crashed worker's mailboxes are taken
 * over when its leases expire (a reload is scheduled for that moment).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { Logger } from '../../platform/logger.ts';
import { bounded, createImapClient, describeImapError, type ImapTimeouts } from './imap-mailbox.ts';
import {
  advanceLastUid,
  announceImapWorker,
  claimImapMailbox,
  imapMailboxesChannel,
  imapWorkerBeaconPrefix,
  markImapConnecting,
  markImapFailing,
  markImapSynced,
  notifyImapMailboxesChanged,
  releaseImapMailbox,
  renewImapLeases,
  resetUidValidity,
  selectImapMailbox,
  selectImapMailboxesForPoller,
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
  /** How long a claim on a mailbox lasts without renewal (renewed every third of it). Default 60 s. */
  leaseMs: number;
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
  leaseMs: 60_000,
};

export interface ImapPoller {
  /** This poller's id in `imap_mailboxes.claimed_by`. */
  readonly workerId: string;
  /** Ids of the mailboxes whose loops this poller runs (it holds their leases). */
  heldMailboxIds(): string[];
  /** Stops every loop and releases its leases (other workers take over at once). */
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
/** Another worker holds the mailbox now (or our lease ran out): the loop ends without releasing. */
class LeaseLost extends Error {}

function mustHold(isHeld: boolean): void {
  if (!isHeld) throw new LeaseLost('IMAP mailbox lease lost');
}

class MailboxLoop {
  readonly fingerprint: string;
  private stopped = false;
  private lost = false;
  /** performance.now() before which the lease is surely still ours (renewal start + leaseMs). */
  private leaseUntil = 0;
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
    private readonly workerId: string,
    leaseStartedAt: number,
    private readonly onLeaseLost: (loop: MailboxLoop) => void,
  ) {
    this.renewed(leaseStartedAt);
    this.fingerprint = fingerprint(row);
    this.logger = deps.logger.child({ imapMailboxId: row.id, workspaceId: row.workspaceId });
    this.done = this.run();
  }

  get id(): string {
    return this.row.id;
  }

  get workspaceId(): string {
    return this.row.workspaceId;
  }

  /** The lease was renewed by a statement sent at `startedAt` (performance.now()). */
  renewed(startedAt: number): void {
    this.leaseUntil = Math.max(this.leaseUntil, startedAt + this.options.leaseMs);
  }

  get isLeaseExpired(): boolean {
    return performance.now() >= this.leaseUntil;
  }

  private checkLease(): void {
    if (this.lost || this.isLeaseExpired) throw new LeaseLost('IMAP mailbox lease expired');
  }

  /** The lease is gone: stop at once, close the connection, do not release (not ours any more). */
  lose(): Promise<void> {
    this.lost = true;
    return this.stop();
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
    while (!this.stopped && !this.lost) {
      let hadSynced = false;
      try {
        hadSynced = await this.session(() => {
          hadSynced = true;
          failures = 0;
        });
      } catch (error) {
        if (error instanceof LeaseLost) this.lost = true;
        if (this.stopped || this.lost) break;
        // A server that drops a healthy session (restart, IDLE timeout) is not a failure: reconnect.
        if (hadSynced && error instanceof ConnectionLost) {
          this.logger.info('IMAP connection closed by the server; reconnecting');
          this.passEnded(false);
          await this.sleep(1_000);
          continue;
        }
        const message = describeImapError(error, row.password);
        const counted = await markImapFailing(deps.db, row.workspaceId, row.id, this.workerId, message, deps.clock.now()).catch(() => failures + 1);
        if (counted === null) {
          this.lost = true;
          break;
        }
        failures = counted;
        const wait = backoffMs(failures, this.options);
        this.logger.warn({ error: message, failures, retryInMs: wait }, 'IMAP mailbox failing');
        this.passEnded(false);
        await this.sleep(wait);
      }
    }
    if (this.lost) {
      this.logger.info({ workerId: this.workerId }, 'IMAP mailbox lease lost; loop stopped');
      this.onLeaseLost(this);
    } else {
      // A clean stop: status idle and the lease released in one statement, so another worker can take it.
      await releaseImapMailbox(deps.db, row.workspaceId, row.id, this.workerId).catch(() => undefined);
    }
    this.passEnded(false);
  }

  /** One connection: passes until stopped; throws on any error. Returns whether a pass succeeded. */
  private async session(onSynced: () => void): Promise<boolean> {
    const { deps, row, options } = this;
    const timeouts: ImapTimeouts = {
      connectTimeoutMs: options.connectTimeoutMs,
      socketTimeoutMs: Math.max(options.commandTimeoutMs, options.idleRefreshMs + 60_000),
    };
    this.checkLease();
    mustHold(await markImapConnecting(deps.db, row.workspaceId, row.id, this.workerId));
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
        this.checkLease();
        if (!client.usable) throw new ConnectionLost('IMAP connection closed');
        await this.pass(client, command);
        hasSynced = true;
        onSynced();
        mustHold(await markImapSynced(deps.db, row.workspaceId, row.id, this.workerId, deps.clock.now()));
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
      if (error instanceof LeaseLost || this.lost) throw error instanceof LeaseLost ? error : new LeaseLost('IMAP mailbox lease lost');
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
      mustHold(await resetUidValidity(deps.db, row.workspaceId, row.id, this.workerId, uidValidity));
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
        this.checkLease();
        await receiveEmail(deps, { raw: message.source, source: 'imap', workspaceId: row.workspaceId, mailboxId: row.id });
        // Only now is the message safe with us: mark it on the server, then remember the UID.
        const uid = String(message.uid);
        if (row.processedAction === 'move' && row.moveTo) await command(client.messageMove(uid, row.moveTo, { uid: true }), 'UID MOVE');
        else await command(client.messageFlagsAdd(uid, ['\\Seen'], { uid: true, silent: true }), 'UID STORE');
        mustHold(await advanceLastUid(deps.db, row.workspaceId, row.id, this.workerId, uidValidity, message.uid));
        lastUid = message.uid;
        received += 1;
      }
    }
    if (received > 0) this.logger.info({ received }, 'IMAP messages received');
  }
}

/** A worker id: host and pid for the operator reading `claimed_by`, plus randomness for uniqueness. */
function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

export async function startImapPoller(deps: AppDeps, overrides: Partial<ImapPollerOptions> = {}): Promise<ImapPoller> {
  const options: ImapPollerOptions = { ...defaultImapPollerOptions, ...overrides };
  const workerId = newWorkerId();
  const logger = deps.logger.child({ imapWorkerId: workerId });
  const loops = new Map<string, MailboxLoop>();
  /** Loops being stopped after a lost lease; stop() waits for them. */
  const ending = new Set<Promise<void>>();
  let stopped = false;
  let reloading: Promise<void> = Promise.resolve();
  let takeoverTimer: NodeJS.Timeout | null = null;
  /** Other workers' last announcements (performance.now()); live while younger than leaseMs. */
  const announced = new Map<string, number>();
  const liveAnnounced = () => [...announced].filter(([, at]) => performance.now() - at < options.leaseMs).map(([id]) => id);

  function forget(loop: MailboxLoop): void {
    if (loops.get(loop.id) === loop) loops.delete(loop.id);
  }

  function lose(loop: MailboxLoop): void {
    forget(loop);
    const done = loop.lose().finally(() => ending.delete(done));
    ending.add(done);
  }

  function startLoop(row: ImapMailboxRow, leaseStartedAt: number): void {
    loops.set(row.id, new MailboxLoop(deps, row, options, workerId, leaseStartedAt, forget));
  }

  async function reloadOnce(): Promise<void> {
    if (stopped) return;
    const rows = await selectImapMailboxesForPoller(deps.db, workerId);
    const wanted = new Map(rows.map((row) => [row.mailbox.id, row]));
    const stopping: Promise<void>[] = [];
    const released = new Set<string>();
    for (const [id, loop] of loops) {
      const row = wanted.get(id);
      if (row && row.mailbox.claimedBy !== workerId) {
        lose(loop); // another worker holds it now
      } else if (!row || fingerprint(row.mailbox) !== loop.fingerprint) {
        loops.delete(id);
        stopping.push(loop.stop());
        released.add(id);
      }
    }
    await Promise.all(stopping);
    if (stopped) return;

    // A fair share: the enabled mailboxes over the workers holding live leases, this one included.
    // Whenever a mailbox is free, some live worker is below its share, so none stays unpolled.
    const others = new Set(rows.filter((row) => !row.claimable && row.mailbox.claimedBy).map((row) => row.mailbox.claimedBy));
    for (const id of liveAnnounced()) others.add(id);
    others.delete(workerId);
    const share = Math.ceil(rows.length / (others.size + 1));

    // Above the share (a worker started, or came back): release the excess cleanly so it can claim them.
    if (loops.size > share) {
      const excess = [...loops.values()].slice(share);
      for (const loop of excess) loops.delete(loop.id);
      await Promise.all(excess.map((loop) => loop.stop()));
      logger.info({ released: excess.length, share }, 'IMAP mailboxes above the fair share released to other workers');
      await notifyImapMailboxesChanged(deps.db).catch(() => undefined);
      if (stopped) return;
    }
    const candidates = shuffled(rows.filter((row) => !loops.has(row.mailbox.id) && (row.claimable || released.has(row.mailbox.id))));
    const leaseEnds = rows.filter((row) => !row.claimable && row.leaseLeftMs !== null).map((row) => row.leaseLeftMs!);
    for (const candidate of candidates) {
      if (stopped || loops.size >= share) break;
      const startedAt = performance.now();
      const claimed = await claimImapMailbox(deps.db, candidate.mailbox.workspaceId, candidate.mailbox.id, workerId, options.leaseMs);
      if (claimed && !stopped && !loops.has(claimed.id)) startLoop(claimed, startedAt);
      // Another worker claimed it first: its lease (as long as ours, presumably) ends in leaseMs at most.
      else if (!claimed) leaseEnds.push(options.leaseMs);
    }

    // Another worker's lease (a crashed one's, perhaps) ends before the next reload: look again then.
    if (takeoverTimer) clearTimeout(takeoverTimer);
    takeoverTimer = null;
    if (leaseEnds.length > 0 && !stopped) {
      const wait = Math.max(Math.min(...leaseEnds), 0) + 100;
      if (wait < options.reloadMs) {
        takeoverTimer = setTimeout(() => void reload(), wait);
        takeoverTimer.unref();
      }
    }
  }

  function reload(): Promise<void> {
    reloading = reloading.then(reloadOnce).catch((error: unknown) => logger.error({ err: error }, 'IMAP mailbox list reload failed'));
    return reloading;
  }

  let renewing = false;
  async function renew(): Promise<void> {
    if (renewing || stopped) return;
    renewing = true;
    const held = [...loops.values()];
    try {
      if (held.length === 0) return;
      const startedAt = performance.now();
      try {
        const renewed = new Set(await renewImapLeases(deps.db, workerId, held.map((loop) => loop.id), options.leaseMs));
        for (const loop of held) {
          if (renewed.has(loop.id)) loop.renewed(startedAt);
          else if (loops.get(loop.id) === loop) lose(loop);
        }
      } catch (error) {
        logger.warn({ err: error }, 'IMAP lease renewal failed');
      }
      // Unrenewed past the lease (the database unreachable): another worker may hold it now.
      for (const loop of held) if (loop.isLeaseExpired && loops.get(loop.id) === loop) lose(loop);
    } finally {
      renewing = false;
    }
  }

  function onNotify(payload: string): void {
    if (!payload.startsWith(imapWorkerBeaconPrefix)) return void reload();
    const id = payload.slice(imapWorkerBeaconPrefix.length);
    if (id === workerId) return;
    const last = announced.get(id);
    announced.set(id, performance.now());
    // A worker we did not count yet: our share may have shrunk.
    if (last === undefined || performance.now() - last >= options.leaseMs) void reload();
  }
  const announce = () => void announceImapWorker(deps.db, workerId).catch((error: unknown) => logger.warn({ err: error }, 'IMAP poller could not announce itself'));

  await reload();
  const unlisten = await deps.database.listen(imapMailboxesChannel, onNotify);
  announce();
  const timer = setInterval(() => void reload(), options.reloadMs);
  timer.unref();
  const renewTimer = setInterval(() => {
    void renew();
    announce();
  }, Math.max(Math.floor(options.leaseMs / 3), 50));
  renewTimer.unref();

  return {
    workerId,
    heldMailboxIds: () => [...loops.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(renewTimer);
      if (takeoverTimer) clearTimeout(takeoverTimer);
      await unlisten();
      await reloading;
      const running = [...loops.values()];
      loops.clear();
      await Promise.all([...running.map((loop) => loop.stop()), ...ending]);
      // The leases are released: other workers take the mailboxes over now, not after the lease.
      if (running.length > 0) await notifyImapMailboxesChanged(deps.db).catch(() => undefined);
    },
    async syncNow(mailboxId) {
      if (!loops.has(mailboxId)) await reload();
      const loop = loops.get(mailboxId);
      return loop ? loop.requestPass() : false;
    },
    reload,
  };
}
