/**
 * A bare SMTP receiver for floor measurements: smtp-server on loopback that answers 250 as soon as
 * the DATA ends and keeps nothing (or, with `collect`, joins the message's bytes into one Buffer
 * first, as any receiver that then stores them must). No storage, no database, no parsing.
 * `forkBareServer` runs it in a child process, so its CPU can be read apart from the sender's.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

export interface BareOptions {
  /** Join each message's chunks into one Buffer before answering (what a storing receiver must do). */
  collect?: boolean;
}

export async function serveBare(options: BareOptions = {}): Promise<{ port: number; received(): number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    disableReverseLookup: true,
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', options.collect ? (chunk: Buffer) => chunks.push(chunk) : () => undefined);
      stream.on('end', () => {
        if (options.collect) Buffer.concat(chunks);
        received += 1;
        callback(null, 'OK');
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return { port, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface BareChild {
  port: number;
  pid: number;
  close(): Promise<void>;
}

/** The bare receiver in a child process (same node flags as this one, so TypeScript loads). */
export async function forkBareServer(options: BareOptions = {}): Promise<BareChild> {
  const entry = fileURLToPath(new URL('./smtp-bare-child.ts', import.meta.url));
  const child = fork(entry, options.collect ? ['--collect'] : [], { execArgv: process.execArgv });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bare SMTP server exited (${code}) before listening`)));
  });
  return {
    port,
    pid: child.pid!,
    async close() {
      child.kill();
      await exited;
    },
  };
}
