/**
 * An outbound relay for benchmarks and chaos runs: a real smtp-server on loopback that accepts
 * everything and records each message (envelope, Message-ID, raw bytes, time).
 */
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  at: number;
  from: string | null;
  to: string[];
  messageId: string | null;
  raw: string;
}

export interface SmtpSink {
  port: number;
  messages: SunkMessage[];
  close(): Promise<void>;
}

export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = raw.slice(0, raw.search(/\r?\n\r?\n/) >>> 0).replace(/\r?\n[ \t]+/g, ' ');
        const match = /^message-id:\s*<([^>]+)>/im.exec(header);
        messages.push({
          at: Date.now(),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          messageId: match?.[1] ?? null,
          raw,
        });
        callback();
      });
    },
  });
  // A sender killed mid-message resets its connection; that is the point of a chaos run, not a sink failure.
  let listening = false;
  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', (error) => {
      if (!listening) reject(error);
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      listening = true;
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
