/**
 * The built-in SMTP listener against real clients on loopback: nodemailer, and a raw SMTP dialogue
 * over a socket where the exact replies matter. Rapport runs in the web role only, so nothing
 * processes the receipts: what the tests see right after `250` is what the listener committed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailAddresses } from '../../packages/db/src/schema.ts';
import { createDiskStorage } from '../../packages/storage/src/disk-storage.ts';
import { createMemoryStorage } from '../../packages/storage/src/memory-storage.ts';
import { sha256Key, type Storage } from '../../packages/storage/src/storage.ts';
import type { Database } from '../../packages/db/src/database.ts';
import { loadConfig, type Config, type LoadConfigOptions } from '../../apps/server/src/config.ts';
import { startSmtpListener, type SmtpListener } from '../../apps/server/src/modules/email/smtp-listener.ts';
import { provisionWorkspace } from '../../apps/server/src/modules/workspaces/provision-workspace.ts';
import type { AppDeps } from '../../apps/server/src/platform/app-deps.ts';
import { systemClock } from '../../apps/server/src/platform/clock.ts';
import { createLogger } from '../../apps/server/src/platform/logger.ts';
import { createTestDatabase } from '../support/database.ts';

const maxBytes = 64 * 1024;

interface Workspace {
  id: string;
  slug: string;
}

// The listener runs on its own deps (database, memory storage, config), like the composition root
// builds them; nothing else runs, so nothing processes the receipts the tests look at.
let database: Database;
let deps: AppDeps;
let main: SmtpListener;
let port: number;
let shop: Workspace;
let other: Workspace;
let shopAddress: string;
let otherAddress: string;
const temporary = mkdtempSync(join(tmpdir(), 'rapport-smtp-'));

function smtpConfig(overrides: LoadConfigOptions['overrides'] = {}): Config {
  return loadConfig({ env: {}, configFile: false, overrides: { logLevel: 'silent', seedDemo: false, smtpEnabled: true, smtpPort: 0, emailAuthentication: false, ...overrides } });
}

async function newWorkspace(): Promise<Workspace> {
  const slug = `smtp-${Math.random().toString(16).slice(2, 10)}`;
  const workspace = await provisionWorkspace(deps.db, { slug, name: `Shop ${slug}`, now: new Date() });
  return { id: workspace.id, slug };
}

async function addAddress(workspace: Workspace, local: string): Promise<string> {
  const address = `${local}@${workspace.slug}.example.test`;
  await deps.db.insert(emailAddresses).values({ workspaceId: workspace.id, address, displayName: `${workspace.slug} support`, isDefault: true });
  return address;
}

interface Receipt extends Record<string, unknown> {
  id: string;
  workspace_id: string;
  source: string;
  status: string;
  raw_key: string;
  raw_size: number;
  envelope_from: string | null;
  envelope_to: string[];
  remote_address: string | null;
}

async function receiptsOf(workspaceId: string): Promise<Receipt[]> {
  return database.query<Receipt>('select * from inbound_emails where workspace_id = $1 order by received_at, id', [workspaceId]);
}

function transport(smtpPort: number, extra: Record<string, unknown> = {}) {
  return nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000, ...extra });
}

let counter = 0;
function rawMessage(to: string, options: { subject?: string; body?: string; messageId?: string } = {}): Buffer {
  counter += 1;
  return Buffer.from(
    [
      'From: Customer <customer@example.org>',
      `To: ${to}`,
      `Subject: ${options.subject ?? `Parcel ${counter} is missing`}`,
      'Date: Tue, 04 Mar 2025 10:00:00 +0000',
      `Message-ID: <${options.messageId ?? `m${counter}.${Date.now()}@example.org`}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      options.body ?? `Hello, parcel ${counter} has not arrived yet.`,
      '',
    ].join('\r\n'),
  );
}

/** A line-based SMTP client: each `send` returns the complete (possibly multi-line) reply. */
class SmtpDialogue {
  private buffer = '';
  private waiting: ((reply: string) => void) | null = null;
  readonly closed: Promise<void>;
  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.flush();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
  }

  static async open(smtpPort: number): Promise<{ dialogue: SmtpDialogue; greeting: string }> {
    const socket = connect(smtpPort, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const dialogue = new SmtpDialogue(socket);
    return { dialogue, greeting: await dialogue.reply() };
  }

  private flush() {
    if (!this.waiting) return;
    // a reply ends with a line "NNN <text>" (space after the code)
    const match = /(^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buffer);
    if (!match) return;
    const end = match.index + match[0].length;
    const reply = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end);
    const waiting = this.waiting;
    this.waiting = null;
    waiting(reply);
  }

  reply(timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no SMTP reply within ${timeoutMs} ms`)), timeoutMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      this.socket.once('close', () => {
        if (this.waiting) {
          clearTimeout(timer);
          this.waiting = null;
          resolve(this.buffer || '(closed)');
        }
      });
      this.flush();
    });
  }

  async send(line: string | Buffer): Promise<string> {
    this.socket.write(typeof line === 'string' ? `${line}\r\n` : line);
    return this.reply();
  }

  /** DATA with the message (dot-stuffed) and the terminating dot; returns [354 reply, final reply]. */
  async data(raw: Buffer): Promise<[string, string]> {
    const start = await this.send('DATA');
    if (!start.startsWith('354')) return [start, start];
    const stuffed = raw.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
    const final = await this.send(Buffer.from(`${stuffed}${stuffed.endsWith('\r\n') ? '' : '\r\n'}.\r\n`, 'latin1'));
    return [start, final];
  }

  async quit() {
    if (!this.socket.destroyed) this.socket.end('QUIT\r\n');
    await Promise.race([this.closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.socket.destroy();
  }
}

/** Starts one more listener on the same database with different settings (and optionally storage). */
async function extraListener(config: Partial<AppDeps['config']>, storage?: Storage, options?: Parameters<typeof startSmtpListener>[1]): Promise<SmtpListener> {
  return startSmtpListener({ ...deps, config: { ...deps.config, ...config }, ...(storage ? { storage } : {}) }, options);
}

beforeAll(async () => {
  database = await createTestDatabase();
  const config = smtpConfig({ smtpMaxMessageBytes: maxBytes, smtpHostname: 'mx.rapport.test' });
  deps = { config, database, db: database.db, clock: systemClock, logger: createLogger({ level: 'silent' }), storage: createMemoryStorage(), mailJournal: null };
  main = await startSmtpListener(deps);
  port = main.port;
  shop = await newWorkspace();
  other = await newWorkspace();
  shopAddress = await addAddress(shop, 'support');
  otherAddress = await addAddress(other, 'help');
});

afterAll(async () => {
  await main?.stop();
  await database?.close();
  rmSync(temporary, { recursive: true, force: true });
});

describe('SMTP listener: the background service', () => {
  it('is the web-role service "smtp-listener", bound only when SMTP is enabled', async () => {
    const { allBackgroundServices } = await import('../../apps/server/src/background-services.ts');
    const service = allBackgroundServices().find((candidate) => candidate.name === 'smtp-listener');
    expect(service?.roles).toEqual(['web']);
    const running = await service!.start({ ...deps, config: smtpConfig({ smtpEnabled: true, smtpPort: 0 }) });
    try {
      expect(running.port).toBeGreaterThan(0);
      const { greeting } = await SmtpDialogue.open(running.port!);
      expect(greeting).toMatch(/^220 /);
    } finally {
      await running.stop();
    }
    const disabled = await service!.start({ ...deps, config: smtpConfig({ smtpEnabled: false, smtpPort: 0 }) });
    expect(disabled.port).toBeUndefined();
    await disabled.stop();
  });
});

describe('SMTP listener: receipt', () => {
  it('answers 250 only once the raw bytes are stored and the receipt row is committed', async () => {
    const mailer = transport(port);
    const info = await mailer.sendMail({ from: 'Customer <customer@example.org>', to: shopAddress, subject: 'Where is parcel 77?', text: 'It has not arrived.' });
    mailer.close();
    expect(info.response).toMatch(/^250 /);
    expect(info.accepted).toEqual([shopAddress]);
    // asserted right after 250, before anything could process it (web role: no inbound processor)
    const receipts = await receiptsOf(shop.id);
    expect(receipts).toHaveLength(1);
    const [receipt] = receipts;
    expect(receipt).toMatchObject({ source: 'smtp', status: 'received', envelope_from: 'customer@example.org', envelope_to: [shopAddress], remote_address: '127.0.0.1' });
    const raw = await deps.storage.get(receipt!.raw_key);
    expect(raw).not.toBeNull();
    expect(Buffer.from(raw!).toString('utf8')).toContain('Subject: Where is parcel 77?');
    expect(raw!.byteLength).toBe(receipt!.raw_size);
  });

  it('stores exactly the bytes it received (dot-unstuffed), under their SHA-256', async () => {
    const raw = rawMessage(shopAddress, { body: 'First line\r\n.a line that starts with a dot\r\nlast line' });
    const { dialogue, greeting } = await SmtpDialogue.open(port);
    expect(greeting).toMatch(/^220 mx\.rapport\.test /);
    expect(await dialogue.send('EHLO client.example.org')).toMatch(/^250/);
    expect(await dialogue.send('MAIL FROM:<customer@example.org>')).toMatch(/^250/);
    expect(await dialogue.send(`RCPT TO:<${shopAddress}>`)).toMatch(/^250/);
    const [, final] = await dialogue.data(raw);
    await dialogue.quit();
    expect(final).toMatch(/^250 /);
    const key = sha256Key(raw);
    expect(await deps.storage.has(key)).toBe(true);
    expect((await receiptsOf(shop.id)).some((row) => row.raw_key === key)).toBe(true);
  });

  it('accepts a +token reply address of a workspace address', async () => {
    const [local, domain] = shopAddress.split('@');
    const replyAddress = `${local}+t0k3n.abc@${domain}`;
    const mailer = transport(port);
    const info = await mailer.sendMail({ from: 'customer@example.org', to: replyAddress, subject: 'Re: your ticket', text: 'Thanks!' });
    mailer.close();
    expect(info.response).toMatch(/^250 /);
    const receipts = await receiptsOf(shop.id);
    expect(receipts.some((row) => row.envelope_to.includes(replyAddress))).toBe(true);
  });

  it('refuses an unknown recipient with 550 5.1.1 and stores nothing', async () => {
    const before = (await receiptsOf(shop.id)).length;
    const mailer = transport(port);
    const error = await mailer.sendMail({ from: 'customer@example.org', to: 'nobody@unknown.example.test', subject: 'Hello', text: 'Anyone?' }).catch((caught: unknown) => caught);
    mailer.close();
    expect(error).toMatchObject({ responseCode: 550 });
    expect(String((error as { response?: string }).response)).toMatch(/^550 5\.1\.1 /);

    // raw dialogue: the message never reaches storage
    const raw = rawMessage('nobody@unknown.example.test');
    const { dialogue } = await SmtpDialogue.open(port);
    await dialogue.send('EHLO client.example.org');
    await dialogue.send('MAIL FROM:<customer@example.org>');
    expect(await dialogue.send('RCPT TO:<nobody@unknown.example.test>')).toMatch(/^550 5\.1\.1 /);
    expect(await dialogue.send('DATA')).toMatch(/^503 /);
    await dialogue.quit();
    expect(await deps.storage.has(sha256Key(raw))).toBe(false);
    expect((await receiptsOf(shop.id)).length).toBe(before);
  });

  it('delivers to the accepted recipients only when some are unknown', async () => {
    const mailer = transport(port);
    const info = await mailer.sendMail({ from: 'customer@example.org', to: [shopAddress, 'ghost@unknown.example.test'], subject: 'Half known', text: 'One of you exists.' });
    mailer.close();
    expect(info.accepted).toEqual([shopAddress]);
    expect(info.rejected).toEqual(['ghost@unknown.example.test']);
    const last = (await receiptsOf(shop.id)).at(-1)!;
    expect(last.envelope_to).toEqual([shopAddress]);
  });

  it('announces the size limit and refuses a bigger message with 552, storing nothing', async () => {
    const before = (await receiptsOf(shop.id)).length;
    const big = rawMessage(shopAddress, { body: `${'x'.repeat(998)}\r\n`.repeat(Math.ceil((maxBytes + 10_000) / 1000)) });
    expect(big.byteLength).toBeGreaterThan(maxBytes);
    const { dialogue } = await SmtpDialogue.open(port);
    const ehlo = await dialogue.send('EHLO client.example.org');
    expect(ehlo).toMatch(new RegExp(`250[- ]SIZE ${maxBytes}\\r\\n`));
    // a declared size over the limit is refused at MAIL FROM
    expect(await dialogue.send(`MAIL FROM:<customer@example.org> SIZE=${maxBytes + 1}`)).toMatch(/^552 /);
    // an undeclared one at the end of DATA
    expect(await dialogue.send('MAIL FROM:<customer@example.org>')).toMatch(/^250/);
    expect(await dialogue.send(`RCPT TO:<${shopAddress}>`)).toMatch(/^250/);
    const [start, final] = await dialogue.data(big);
    expect(start).toMatch(/^354/);
    expect(final).toMatch(/^552 5\.3\.4 /);
    // the session goes on: a normal message afterwards is accepted
    const small = rawMessage(shopAddress);
    expect(await dialogue.send('MAIL FROM:<customer@example.org>')).toMatch(/^250/);
    expect(await dialogue.send(`RCPT TO:<${shopAddress}>`)).toMatch(/^250/);
    expect((await dialogue.data(small))[1]).toMatch(/^250 /);
    await dialogue.quit();
    expect(await deps.storage.has(sha256Key(big))).toBe(false);
    const after = await receiptsOf(shop.id);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)!.raw_key).toBe(sha256Key(small));
  });

  it('gives one receipt to each workspace a message is addressed to', async () => {
    const mailer = transport(port);
    const info = await mailer.sendMail({ from: 'customer@example.org', to: [shopAddress, otherAddress], subject: 'To both shops', text: 'Hello both.', messageId: '<both.1@example.org>' });
    mailer.close();
    expect(info.response).toMatch(/^250 /);
    const shopRow = (await receiptsOf(shop.id)).at(-1)!;
    const otherRows = await receiptsOf(other.id);
    expect(otherRows).toHaveLength(1);
    expect(otherRows[0]!.raw_key).toBe(shopRow.raw_key);
    expect(shopRow.envelope_to).toEqual([shopAddress, otherAddress]);
  });

  it('keeps one receipt when the same message arrives twice', async () => {
    const before = (await receiptsOf(shop.id)).length;
    const raw = rawMessage(shopAddress, { messageId: `twice.${Date.now()}@example.org` });
    const mailer = transport(port);
    const first = await mailer.sendMail({ envelope: { from: 'customer@example.org', to: [shopAddress] }, raw });
    const second = await mailer.sendMail({ envelope: { from: 'customer@example.org', to: [shopAddress] }, raw });
    mailer.close();
    // both are acknowledged (the second is a retry the sender must not repeat forever)
    expect(first.response).toMatch(/^250 /);
    expect(second.response).toMatch(/^250 /);
    expect((await receiptsOf(shop.id)).length).toBe(before + 1);
  });

  it('accepts a bounce (null reverse-path) and records its envelope sender as empty', async () => {
    const raw = rawMessage(shopAddress, { subject: 'Undelivered Mail Returned to Sender' });
    const { dialogue } = await SmtpDialogue.open(port);
    await dialogue.send('EHLO mailer-daemon.example.org');
    expect(await dialogue.send('MAIL FROM:<>')).toMatch(/^250/);
    expect(await dialogue.send(`RCPT TO:<${shopAddress}>`)).toMatch(/^250/);
    expect((await dialogue.data(raw))[1]).toMatch(/^250 /);
    await dialogue.quit();
    const receipt = (await receiptsOf(shop.id)).find((row) => row.raw_key === sha256Key(raw));
    expect(receipt?.envelope_from).toBe('');
  });

  it('receives from many clients at once, each acknowledged message stored once', async () => {
    const before = (await receiptsOf(other.id)).length;
    const results = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const mailer = transport(port);
        try {
          return await mailer.sendMail({ from: `c${index}@example.org`, to: otherAddress, subject: `Parallel ${index}`, text: `Message ${index}` });
        } finally {
          mailer.close();
        }
      }),
    );
    expect(results.every((info) => info.response.startsWith('250 '))).toBe(true);
    expect((await receiptsOf(other.id)).length).toBe(before + 12);
  });

  it('refuses at DATA with 550 when the address was removed after RCPT, leaving no receipt', async () => {
    const workspace = await newWorkspace();
    const address = await addAddress(workspace, 'closing');
    const { dialogue } = await SmtpDialogue.open(port);
    await dialogue.send('EHLO client.example.org');
    await dialogue.send('MAIL FROM:<customer@example.org>');
    expect(await dialogue.send(`RCPT TO:<${address}>`)).toMatch(/^250/);
    await database.query('delete from email_addresses where workspace_id = $1', [workspace.id]);
    expect((await dialogue.data(rawMessage(address)))[1]).toMatch(/^550 /);
    // and from then on RCPT refuses it (the listener forgets a recipient that turned out to be gone)
    await dialogue.send('MAIL FROM:<customer@example.org>');
    expect(await dialogue.send(`RCPT TO:<${address}>`)).toMatch(/^550 5\.1\.1 /);
    await dialogue.quit();
    expect(await receiptsOf(workspace.id)).toEqual([]);
  });

  it('caps the recipients of one message with 452', async () => {
    const listener = await extraListener({ smtpPort: 0 }, undefined, { maxRecipients: 2 });
    try {
      const [local, domain] = shopAddress.split('@');
      const { dialogue } = await SmtpDialogue.open(listener.port);
      await dialogue.send('EHLO client.example.org');
      await dialogue.send('MAIL FROM:<customer@example.org>');
      expect(await dialogue.send(`RCPT TO:<${local}+a@${domain}>`)).toMatch(/^250/);
      expect(await dialogue.send(`RCPT TO:<${local}+b@${domain}>`)).toMatch(/^250/);
      expect(await dialogue.send(`RCPT TO:<${local}+c@${domain}>`)).toMatch(/^452 4\.5\.3 /);
      await dialogue.quit();
    } finally {
      await listener.stop();
    }
  });
});

describe('SMTP listener: per-client limits', () => {
  it('refuses connections beyond the per-client maximum with 421, and accepts again once one closes', async () => {
    const listener = await extraListener({ smtpPort: 0, smtpMaxConnectionsPerClient: 2 });
    const open: SmtpDialogue[] = [];
    try {
      for (let index = 0; index < 2; index += 1) {
        const { dialogue, greeting } = await SmtpDialogue.open(listener.port);
        expect(greeting).toMatch(/^220 /);
        open.push(dialogue);
      }
      const third = await SmtpDialogue.open(listener.port);
      expect(third.greeting).toMatch(/^421 Too many connections/);
      await third.dialogue.closed;
      await open.shift()!.quit();
      // the slot is released when the server sees the close; bounded wait
      let greeting = '';
      for (let attempt = 0; attempt < 20 && !greeting.startsWith('220'); attempt += 1) {
        const again = await SmtpDialogue.open(listener.port);
        greeting = again.greeting;
        if (greeting.startsWith('220')) open.push(again.dialogue);
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(greeting).toMatch(/^220 /);
    } finally {
      for (const dialogue of open) await dialogue.quit();
      await listener.stop();
    }
  });

  it('refuses messages beyond the per-client rate with a temporary 451', async () => {
    const listener = await extraListener({ smtpPort: 0, smtpMaxMessagesPerClientPerMinute: 2 });
    try {
      const mailer = transport(listener.port);
      for (let index = 0; index < 2; index += 1) {
        const info = await mailer.sendMail({ from: 'customer@example.org', to: shopAddress, subject: `Rate ${index}`, text: 'hi' });
        expect(info.response).toMatch(/^250 /);
      }
      const error = await mailer.sendMail({ from: 'customer@example.org', to: shopAddress, subject: 'Rate 3', text: 'hi' }).catch((caught: unknown) => caught);
      mailer.close();
      expect(error).toMatchObject({ responseCode: 451 });
      expect(String((error as { response?: string }).response)).toMatch(/^451 4\.\d\.\d Rate limit/);
    } finally {
      await listener.stop();
    }
  });
});

describe('SMTP listener: STARTTLS', () => {
  it('does not advertise STARTTLS without a certificate', async () => {
    const { dialogue } = await SmtpDialogue.open(port);
    const ehlo = await dialogue.send('EHLO client.example.org');
    expect(ehlo).not.toMatch(/STARTTLS/);
    expect(ehlo).not.toMatch(/AUTH/);
    expect(await dialogue.send('STARTTLS')).not.toMatch(/^220/);
    await dialogue.quit();
  });

  it('advertises STARTTLS with a configured certificate and receives over TLS', async () => {
    const pems = await generate([{ name: 'commonName', value: 'mx.rapport.test' }], { keySize: 2048, algorithm: 'sha256' });
    const keyFile = join(temporary, 'smtp.key');
    const certFile = join(temporary, 'smtp.crt');
    writeFileSync(keyFile, pems.private);
    writeFileSync(certFile, pems.cert);
    const listener = await extraListener({ smtpPort: 0, smtpTlsKeyFile: keyFile, smtpTlsCertFile: certFile });
    try {
      const { dialogue } = await SmtpDialogue.open(listener.port);
      expect(await dialogue.send('EHLO client.example.org')).toMatch(/250[- ]STARTTLS\r\n/);
      await dialogue.quit();

      const mailer = transport(listener.port, { ignoreTLS: false, requireTLS: true, tls: { ca: [pems.cert], servername: 'mx.rapport.test' } });
      const info = await mailer.sendMail({ from: 'customer@example.org', to: shopAddress, subject: 'Over TLS', text: 'Encrypted hello', messageId: '<tls.1@example.org>' });
      mailer.close();
      expect(info.response).toMatch(/^250 /);
      const last = (await receiptsOf(shop.id)).at(-1)!;
      expect(Buffer.from((await deps.storage.get(last.raw_key))!).toString('utf8')).toContain('Subject: Over TLS');
    } finally {
      await listener.stop();
    }
  });

  it('refuses to start with an unreadable certificate, saying which file', async () => {
    await expect(extraListener({ smtpPort: 0, smtpTlsKeyFile: join(temporary, 'missing.key'), smtpTlsCertFile: join(temporary, 'missing.crt') })).rejects.toThrow(
      /SMTP STARTTLS key file .*missing\.key cannot be read/,
    );
    await expect(extraListener({ smtpPort: 0, smtpTlsKeyFile: join(temporary, 'missing.key') })).rejects.toThrow(/both/);
  });
});

describe('SMTP listener: failures and shutdown', () => {
  it('answers 451 and leaves no receipt when storage fails', async () => {
    // a real disk storage whose root lies under a regular file: every put fails (ENOTDIR), even as root
    const blocker = join(temporary, 'not-a-directory');
    writeFileSync(blocker, 'x');
    const listener = await extraListener({ smtpPort: 0 }, createDiskStorage(join(blocker, 'files')));
    try {
      const before = (await receiptsOf(shop.id)).length;
      const mailer = transport(listener.port);
      const error = await mailer.sendMail({ from: 'customer@example.org', to: shopAddress, subject: 'Disk trouble', text: 'hi' }).catch((caught: unknown) => caught);
      mailer.close();
      expect(error).toMatchObject({ responseCode: 451 });
      expect(String((error as { response?: string }).response)).toMatch(/^451 4\.3\.0 /);
      expect((await receiptsOf(shop.id)).length).toBe(before);
    } finally {
      await listener.stop();
    }
  });

  it('on stop, finishes storing a message in flight before it closes', async () => {
    const memory = createMemoryStorage();
    let putStarted!: () => void;
    const started = new Promise<void>((resolve) => (putStarted = resolve));
    // a real storage that is slow to fsync
    const slow: Storage = {
      ...memory,
      async put(bytes) {
        putStarted();
        await new Promise((resolve) => setTimeout(resolve, 400));
        return memory.put(bytes);
      },
    };
    const listener = await extraListener({ smtpPort: 0 }, slow);
    const mailer = transport(listener.port);
    const sending = mailer.sendMail({ from: 'customer@example.org', to: shopAddress, subject: 'During shutdown', text: 'hi', messageId: '<shutdown.1@example.org>' });
    await started;
    await listener.stop();
    const info = await sending;
    mailer.close();
    expect(info.response).toMatch(/^250 /);
    const last = (await receiptsOf(shop.id)).at(-1)!;
    expect(await memory.has(last.raw_key)).toBe(true);
    // and it no longer accepts connections
    await expect(SmtpDialogue.open(listener.port)).rejects.toThrow();
  });
});
