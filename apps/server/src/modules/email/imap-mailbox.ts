/**
 * One IMAP mailbox's connection settings and what is shared by the poller and the admin "Test
 * connection" button: building an imapflow client with bounded timeouts, and turning an error into
 * a short text that never contains the password.
 */
import { ImapFlow, type ImapFlowOptions } from 'imapflow';

export interface ImapConnectionConfig {
  host: string;
  port: number;
  /** true: TLS from the first byte (993). false: plain connection, upgraded with STARTTLS when offered. */
  secure: boolean;
  username: string;
  password: string;
  /** The folder to read (default INBOX). */
  mailbox?: string;
}

export interface ImapTimeouts {
  /** TCP/TLS connect plus greeting. */
  connectTimeoutMs: number;
  /** Socket inactivity (IDLE keeps the socket busy: Dovecot says "Still here" every 2 minutes). */
  socketTimeoutMs: number;
}

export const defaultImapTimeouts: ImapTimeouts = { connectTimeoutMs: 15_000, socketTimeoutMs: 5 * 60_000 };

export function createImapClient(config: ImapConnectionConfig, timeouts: ImapTimeouts = defaultImapTimeouts): ImapFlow {
  const options: ImapFlowOptions = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: { user: config.username, pass: config.password },
    // imapflow's own logger would write protocol lines; the poller logs what matters itself.
    logger: false,
    // The poller decides when to IDLE (and whether at all), never imapflow behind its back.
    disableAutoIdle: true,
    connectionTimeout: timeouts.connectTimeoutMs,
    greetingTimeout: timeouts.connectTimeoutMs,
    socketTimeout: timeouts.socketTimeoutMs,
  };
  const client = new ImapFlow(options);
  // imapflow emits 'error' once before closing; without a listener Node would throw it.
  client.on('error', () => undefined);
  return client;
}

/** A short, secret-free description of an IMAP failure, for `last_error` and the admin UI. */
export function describeImapError(error: unknown, password?: string): string {
  const failure = (error ?? {}) as { message?: string; code?: string; responseText?: string; serverResponseCode?: string; authenticationFailed?: boolean };
  const parts: string[] = [];
  const add = (part: string | undefined) => {
    const plain = (text: string) => text.toLowerCase().replace(/[.\s]+$/, '');
    if (part && !parts.some((existing) => plain(existing).includes(plain(part)))) parts.push(part);
  };
  if (failure.authenticationFailed) add('Authentication failed');
  if (failure.message !== 'Command failed') add(failure.message);
  add(failure.responseText);
  if (failure.serverResponseCode) add(`[${failure.serverResponseCode}]`);
  if (failure.code) add(`(${failure.code})`);
  let text = parts.length > 0 ? parts.join(': ') : String(error);
  if (password && password.length > 0) text = text.split(password).join('[redacted]');
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

/** Rejects after `ms` (and runs `onTimeout`, e.g. closing the client so the pending command ends too). */
export async function bounded<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type TestImapConnectionResult =
  | { ok: true; mailbox: string; messages: number; uidValidity: number; idle: boolean }
  | { ok: false; error: string };

/**
 * Connects, opens the mailbox read-only and logs out: what the admin's "Test connection" button
 * runs before saving. Never throws; never returns the password.
 */
export async function testImapConnection(config: ImapConnectionConfig, options: { timeoutMs?: number } = {}): Promise<TestImapConnectionResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const client = createImapClient(config, { connectTimeoutMs: timeoutMs, socketTimeoutMs: timeoutMs });
  const path = config.mailbox || 'INBOX';
  try {
    return await bounded(
      (async () => {
        await client.connect();
        const mailbox = await client.mailboxOpen(path, { readOnly: true });
        const result = { ok: true as const, mailbox: mailbox.path, messages: mailbox.exists, uidValidity: Number(mailbox.uidValidity), idle: client.capabilities.has('IDLE') };
        await client.logout();
        return result;
      })(),
      timeoutMs,
      'IMAP connection test',
      () => client.close(),
    );
  } catch (error) {
    return { ok: false, error: describeImapError(error, config.password) };
  } finally {
    client.close();
  }
}
