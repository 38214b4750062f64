/**
 * The built-in inbound SMTP listener (MX style: no AUTH, mail only for workspace addresses).
 *
 * "Never lose a message": a message is answered `250` only after `receiveEmail` resolved, i.e. the
 * raw bytes are fsynced in storage and the receipt row is committed. Any internal failure answers
 * `451 4.3.0` (temporary), so the sending MTA keeps the message and retries; a retry of a message
 * that was in fact stored is recognised as a duplicate by the receipt's dedupe key.
 *
 * Limits: message size (announced in EHLO SIZE, a bigger message gets `552` and nothing is
 * stored), recipients per message (`452`), connections per client address (`421` on connect),
 * messages per client per minute (`451`), bounded socket timeouts. STARTTLS only when a key and
 * certificate are configured. Logs never contain a message body.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { AppDeps } from '../../platform/app-deps.ts';
import { receiveEmail, workspacesForRecipients } from './receive-email.ts';
import { createClientLimits, normaliseClientAddress } from './smtp-client-limits.ts';

export interface SmtpListenerOptions {
  /** Recipients accepted per message; further RCPT TO get `452 4.5.3`. */
  maxRecipients?: number;
  /** Idle time before a client is disconnected. */
  socketTimeoutMs?: number;
  /** On stop: how long in-flight messages may take to finish storing. */
  stopTimeoutMs?: number;
}

export interface SmtpListener {
  port: number;
  stop(): Promise<void>;
}

const defaults = { maxRecipients: 100, socketTimeoutMs: 120_000, stopTimeoutMs: 15_000 } as const;
const recipientCacheMs = 10_000;
const recipientCacheSize = 10_000;

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Reads the STARTTLS key and certificate; a boot with an unreadable file stops with a clear message. */
export function loadTlsFiles(config: Pick<AppDeps['config'], 'smtpTlsKeyFile' | 'smtpTlsCertFile'>): { key: Buffer; cert: Buffer } | null {
  const { smtpTlsKeyFile: keyFile, smtpTlsCertFile: certFile } = config;
  if (!keyFile && !certFile) return null;
  if (!keyFile || !certFile) {
    throw new Error('SMTP STARTTLS needs both RAPPORT_SMTP_TLS_KEY_FILE and RAPPORT_SMTP_TLS_CERT_FILE (or neither)');
  }
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`SMTP STARTTLS ${what} file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
    }
  };
  const key = read(keyFile, 'key');
  const cert = read(certFile, 'certificate');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.toString('latin1'))) throw new Error(`SMTP STARTTLS key file ${keyFile} is not a PEM private key`);
  if (!cert.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new Error(`SMTP STARTTLS certificate file ${certFile} is not a PEM certificate`);
  return { key, cert };
}

/** Reads the DATA stream into memory, bounded: past the limit the rest is drained, not kept. */
function collect(stream: SMTPServerDataStream, limit: number): Promise<{ raw: Buffer; oversized: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let oversized = false;
    stream.on('data', (chunk: Buffer) => {
      if (oversized) return;
      size += chunk.length;
      if (size > limit || stream.sizeExceeded) {
        oversized = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve({ raw: oversized || stream.sizeExceeded ? Buffer.alloc(0) : Buffer.concat(chunks, size), oversized: oversized || stream.sizeExceeded }));
    stream.once('error', reject);
  });
}

export async function startSmtpListener(deps: AppDeps, options: SmtpListenerOptions = {}): Promise<SmtpListener> {
  const { config, logger } = deps;
  const log = logger.child({ component: 'smtp-listener' });
  const maxBytes = config.smtpMaxMessageBytes;
  const tls = loadTlsFiles(config);
  const limits = createClientLimits({
    maxConnectionsPerClient: config.smtpMaxConnectionsPerClient,
    maxMessagesPerClientPerMinute: config.smtpMaxMessagesPerClientPerMinute,
  });
  const inFlight = new Set<Promise<void>>();
  // Recipients found recently (address → expiry): saves a query per RCPT under load. An address
  // removed meanwhile is still caught at DATA, where receiveEmail resolves the workspaces again.
  const knownRecipients = new Map<string, number>();
  let stopping = false;

  const clientOf = (session: SMTPServerSession) => normaliseClientAddress(session.remoteAddress);

  const serverOptions: SMTPServerOptions = {
    name: config.smtpHostname,
    banner: 'Rapport ESMTP',
    size: maxBytes,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: !tls,
    // RFC 3463 codes on every reply (smtp-server derives them: 550 → 5.1.1, 451 → 4.3.0, 452 → 4.5.3, 552 → 5.3.4)
    hideENHANCEDSTATUSCODES: false,
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    disableReverseLookup: true,
    maxRecipients: options.maxRecipients ?? defaults.maxRecipients,
    socketTimeout: options.socketTimeoutMs ?? defaults.socketTimeoutMs,
    closeTimeout: 2_000,
    logger: false,

    onConnect(session, callback) {
      const client = clientOf(session);
      if (stopping) return callback(smtpError(421, `${config.smtpHostname} is shutting down, try again later`));
      if (!limits.openConnection(session.id, client)) {
        log.info({ client }, 'SMTP connection refused: too many connections from this client');
        return callback(smtpError(421, 'Too many connections from your address, try again later'));
      }
      log.debug({ client, session: session.id }, 'SMTP connection');
      callback();
    },

    onClose(session) {
      limits.closeConnection(session.id);
    },

    onMailFrom(_address, session, callback) {
      if (stopping) return callback(smtpError(421, `${config.smtpHostname} is shutting down, try again later`));
      const client = clientOf(session);
      if (!limits.takeMessage(client)) {
        log.info({ client }, 'SMTP message refused: client rate limit');
        return callback(smtpError(451, 'Rate limit exceeded: too many messages from your address, try again later'));
      }
      callback();
    },

    onRcptTo(address, session, callback) {
      const recipient = address.address.toLowerCase();
      const cached = knownRecipients.get(recipient);
      if (cached !== undefined && cached > Date.now()) return callback();
      workspacesForRecipients(deps, [recipient]).then(
        (workspaces) => {
          if (workspaces.size === 0) {
            log.info({ client: clientOf(session), recipient: address.address }, 'SMTP recipient refused: not a workspace address');
            return callback(smtpError(550, `No such recipient here: <${address.address}>`));
          }
          if (knownRecipients.size >= recipientCacheSize) knownRecipients.clear();
          knownRecipients.set(recipient, Date.now() + recipientCacheMs);
          callback();
        },
        (error: unknown) => {
          log.error({ err: error, client: clientOf(session) }, 'SMTP recipient lookup failed');
          callback(smtpError(451, 'Temporary local error, try again later'));
        },
      );
    },

    onData(stream, session, callback) {
      const client = clientOf(session);
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
      const envelopeTo = session.envelope.rcptTo.map((recipient) => recipient.address);
      const work = (async () => {
        let collected: { raw: Buffer; oversized: boolean };
        try {
          collected = await collect(stream, maxBytes);
        } catch (error) {
          log.info({ err: error, client }, 'SMTP message not received in full');
          callback(smtpError(451, 'Message not received in full, try again later'));
          return;
        }
        if (collected.oversized) {
          log.info({ client, limit: maxBytes }, 'SMTP message refused: over the size limit');
          callback(smtpError(552, `Message exceeds the maximum size of ${maxBytes} bytes`));
          return;
        }
        try {
          const result = await receiveEmail(deps, { raw: collected.raw, source: 'smtp', envelopeFrom, envelopeTo, remoteAddress: client, helo: session.hostNameAppearsAs || null });
          if (result.receipts.length === 0) {
            for (const recipient of envelopeTo) knownRecipients.delete(recipient.toLowerCase());
            log.info({ client }, 'SMTP message refused: its recipients are no longer workspace addresses');
            callback(smtpError(550, 'No such recipient here'));
            return;
          }
          const duplicate = result.receipts.every((receipt) => receipt.duplicate);
          log.debug({ client, bytes: collected.raw.byteLength, rawKey: result.rawKey, duplicate }, 'SMTP message received');
          callback(null, `OK: queued as ${result.rawKey.slice(0, 16)}`);
        } catch (error) {
          log.error({ err: error, client }, 'SMTP message could not be stored');
          callback(smtpError(451, 'Temporary local error while storing the message, try again later'));
        }
      })();
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
  };

  const server = new SMTPServer(serverOptions);
  server.on('error', (error) => log.info({ err: error }, 'SMTP connection error'));

  const host = config.smtpHost ?? config.host;
  const netServer = await new Promise<ReturnType<SMTPServer['listen']>>((resolve, reject) => {
    const listening = server.listen(config.smtpPort, host, () => {
      listening.off('error', reject);
      resolve(listening);
    });
    listening.once('error', reject);
  });
  const port = (netServer.address() as AddressInfo).port;
  log.info({ host, port, starttls: Boolean(tls), maxBytes }, 'SMTP listener started');

  let stopped: Promise<void> | null = null;
  async function stop(): Promise<void> {
    stopping = true;
    const stopTimeoutMs = options.stopTimeoutMs ?? defaults.stopTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const bounded = <T>(promise: Promise<T>) =>
      Promise.race([promise, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), stopTimeoutMs)))]).finally(() => clearTimeout(timer));
    if (inFlight.size > 0) {
      const waited = await bounded(Promise.allSettled([...inFlight]));
      if (waited === 'timeout') log.error({ pending: inFlight.size }, 'SMTP listener stopped with messages still being stored');
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of server.connections) {
      connection.send(421, `${config.smtpHostname} is shutting down`);
      connection.close();
    }
    await bounded(closed);
    // a DATA that began while connections were being closed still finishes before stop resolves
    if (inFlight.size > 0) await bounded(Promise.allSettled([...inFlight]));
    log.info({ port }, 'SMTP listener stopped');
  }

  return {
    port,
    stop: () => (stopped ??= stop()),
  };
}
