/**
 * An SMTP sink for outbound tests: a real smtp-server on 127.0.0.1 (port 0) that records every
 * message it accepts (envelope and raw bytes) and can be scripted to fail the next deliveries:
 * a temporary 4xx, a permanent 5xx, or a dropped connection (the socket is destroyed before any
 * answer to the message data).
 */
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface SinkMessage {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
  remoteAddress: string;
  receivedAt: Date;
}

export type SinkAction =
  | { kind: 'accept' }
  | { kind: 'temporary'; code?: number; message?: string }
  | { kind: 'permanent'; code?: number; message?: string }
  | { kind: 'drop' }
  /** Stores the message, then drops the connection before answering: the sender never hears 250. */
  | { kind: 'accept-then-drop' };

export interface SmtpSink {
  host: string;
  port: number;
  /** smtp://127.0.0.1:<port>, for config.smtpRelayUrl. */
  url: string;
  readonly messages: SinkMessage[];
  /** How many DATA commands were answered (or dropped) in all, failures included. */
  readonly attempts: number;
  /** The next deliveries get these answers, in order; then every message is accepted. */
  script(...actions: SinkAction[]): void;
  /** Resolves once `count` messages are stored; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  clear(): void;
  stop(): Promise<void>;
}

interface ConnectionLike {
  id: string;
  _socket?: { destroy(): void };
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpSink(options: { hostname?: string } = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const actions: SinkAction[] = [];
  let attempts = 0;
  const waiters = new Set<() => void>();

  const server: SMTPServer = new SMTPServer({
    name: options.hostname ?? 'sink.example.test',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        attempts += 1;
        const action = actions.shift() ?? { kind: 'accept' };
        const store = () => {
          messages.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks),
            remoteAddress: session.remoteAddress,
            receivedAt: new Date(),
          });
          for (const wake of waiters) wake();
        };
        const drop = () => {
          const connections = (server as unknown as { connections: Set<ConnectionLike> }).connections;
          for (const connection of connections) if (connection.id === session.id) connection._socket?.destroy();
        };
        switch (action.kind) {
          case 'accept':
            store();
            callback(null, 'Queued by the sink');
            return;
          case 'temporary':
            callback(smtpError(action.code ?? 451, action.message ?? 'Try again later (scripted)'));
            return;
          case 'permanent':
            callback(smtpError(action.code ?? 550, action.message ?? 'Mailbox unavailable (scripted)'));
            return;
          case 'drop':
            drop();
            return;
          case 'accept-then-drop':
            store();
            drop();
            return;
        }
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('the SMTP sink did not bind');
  const port = address.port;

  return {
    host: '127.0.0.1',
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get attempts() {
      return attempts;
    },
    script(...next) {
      actions.push(...next);
    },
    waitForMessages(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`the SMTP sink got ${messages.length} of ${count} messages within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    clear() {
      messages.length = 0;
      actions.length = 0;
      attempts = 0;
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
