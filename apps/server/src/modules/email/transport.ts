/**
 * How outbound mail leaves: through the configured relay (config.smtpRelayUrl, a pooled nodemailer
 * SMTP transport), or directly to the recipient domain's MX hosts on port 25 (priority order; the
 * domain's A record when it has no MX; config.dnsServers when set). Optional DKIM signing with the
 * configured key. Every outcome is classified: accepted, temporary (4xx, connection and DNS
 * errors: retry later) or permanent (5xx, a domain that does not exist or accepts no mail).
 */
import { readFileSync } from 'node:fs';
import { promises as dnsPromises } from 'node:dns';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Logger } from '../../platform/logger.ts';

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId?: string;
}

export interface OutgoingMail {
  from: { name: string; address: string };
  /** MAIL FROM (bounces return there); defaults to the From address. */
  envelopeFrom?: string;
  replyTo?: string | null;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string | null;
  /** Without angle brackets. */
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: OutgoingAttachment[];
  /** The Date header (the time it was written); nodemailer's "now" otherwise. */
  date?: Date;
}

export type SendOutcome =
  | { status: 'accepted'; response: string; host: string }
  | { status: 'temporary'; error: string }
  | { status: 'permanent'; error: string };

export interface MailTransport {
  readonly mode: 'relay' | 'direct';
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

export interface TransportOptions {
  /** Port of direct delivery (25; tests point it at a sink). */
  directPort?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

interface DkimKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

function loadDkim(config: Config, logger: Logger): DkimKey | null {
  if (!config.dkimDomain || !config.dkimSelector || !config.dkimPrivateKeyFile) {
    if (config.dkimDomain || config.dkimSelector || config.dkimPrivateKeyFile) {
      logger.warn('DKIM signing is off: it needs dkimDomain, dkimSelector and dkimPrivateKeyFile together');
    }
    return null;
  }
  const privateKey = readFileSync(config.dkimPrivateKeyFile, 'utf8');
  return { domainName: config.dkimDomain, keySelector: config.dkimSelector, privateKey };
}

interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/** Accepted/temporary/permanent from a nodemailer error. */
export function classifySendError(error: unknown): { status: 'temporary' | 'permanent'; error: string } {
  const smtp = (error ?? {}) as SmtpError;
  const text = (smtp.response || smtp.message || String(error)).replace(/\s+/g, ' ').trim().slice(0, 1000);
  if (typeof smtp.responseCode === 'number') {
    if (smtp.responseCode >= 500 && smtp.responseCode < 600) return { status: 'permanent', error: text };
    return { status: 'temporary', error: text };
  }
  // Invalid addresses are ours to fix, not the network's: retrying would not help.
  if (smtp.code === 'EENVELOPE') return { status: 'permanent', error: text };
  return { status: 'temporary', error: smtp.code ? `${smtp.code}: ${text}` : text };
}

function mailOptions(mail: OutgoingMail, envelopeTo: string[], dkim: DkimKey | null) {
  return {
    from: { name: mail.from.name, address: mail.from.address },
    sender: undefined,
    replyTo: mail.replyTo ?? undefined,
    to: mail.to,
    cc: mail.cc && mail.cc.length > 0 ? mail.cc : undefined,
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? undefined,
    messageId: `<${mail.messageId}>`,
    inReplyTo: mail.inReplyTo ? `<${mail.inReplyTo}>` : undefined,
    references: mail.references && mail.references.length > 0 ? mail.references.map((id) => `<${id}>`) : undefined,
    headers: mail.headers,
    date: mail.date,
    attachments: (mail.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
      ...(attachment.contentId ? { cid: attachment.contentId } : {}),
    })),
    envelope: { from: mail.envelopeFrom ?? mail.from.address, to: envelopeTo },
    ...(dkim ? { dkim } : {}),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function dnsCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

export type MxPlan = { hosts: string[]; error: null } | { hosts: []; error: { status: 'temporary' | 'permanent'; error: string } };

/** The hosts to try for a domain, best first: its MX hosts by priority, else the domain itself. */
export async function planDirectDelivery(resolver: dnsPromises.Resolver, domain: string): Promise<MxPlan> {
  try {
    const records = await resolver.resolveMx(domain);
    // RFC 7505 null MX: the domain accepts no mail.
    if (records.length === 1 && (records[0]!.exchange === '' || records[0]!.exchange === '.')) {
      return { hosts: [], error: { status: 'permanent', error: `${domain} accepts no email (null MX)` } };
    }
    if (records.length > 0) {
      const sorted = [...records].sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
      return { hosts: sorted.map((record) => record.exchange.replace(/\.$/, '')), error: null };
    }
  } catch (error) {
    // Node reports NXDOMAIN as ENOTFOUND, and "no MX record" as ENODATA.
    if (dnsCode(error) === 'ENOTFOUND') {
      return { hosts: [], error: { status: 'permanent', error: `The recipient domain ${domain} does not exist` } };
    }
    if (dnsCode(error) !== 'ENODATA') return { hosts: [], error: { status: 'temporary', error: `DNS lookup of ${domain} failed: ${errorText(error)}` } };
  }
  // No MX: the domain's own address (RFC 5321 §5.1).
  return { hosts: [domain], error: null };
}

async function addressesOf(resolver: dnsPromises.Resolver, host: string): Promise<string[]> {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return [host];
  const v4 = await resolver.resolve4(host).catch(() => [] as string[]);
  if (v4.length > 0) return v4;
  return resolver.resolve6(host).catch(() => [] as string[]);
}

export function createMailTransport(config: Config, logger: Logger, options: TransportOptions = {}): MailTransport {
  const dkim = loadDkim(config, logger);
  const timeouts = {
    connectionTimeout: options.connectionTimeoutMs ?? 30_000,
    greetingTimeout: options.greetingTimeoutMs ?? 30_000,
    socketTimeout: options.socketTimeoutMs ?? 120_000,
  };

  if (config.smtpRelayUrl) {
    const relay = nodemailer.createTransport({
      url: config.smtpRelayUrl,
      pool: true,
      maxConnections: Math.max(1, config.outboundConcurrency),
      name: config.smtpHostname,
      ...timeouts,
    });
    const host = (() => {
      try {
        return new URL(config.smtpRelayUrl).host;
      } catch {
        return 'relay';
      }
    })();
    return {
      mode: 'relay',
      async send(mail) {
        try {
          const info = await relay.sendMail(mailOptions(mail, [...mail.to, ...(mail.cc ?? [])], dkim));
          return { status: 'accepted', response: String(info.response ?? ''), host };
        } catch (error) {
          return classifySendError(error);
        }
      },
      close() {
        relay.close();
      },
    };
  }

  const resolver = new dnsPromises.Resolver({ timeout: 5_000, tries: 2 });
  if (config.dnsServers && config.dnsServers.length > 0) resolver.setServers(config.dnsServers);
  const port = options.directPort ?? 25;

  async function deliverToDomain(mail: OutgoingMail, domain: string, recipients: string[]): Promise<SendOutcome> {
    const plan = await planDirectDelivery(resolver, domain);
    if (plan.error) return plan.error;
    let last: SendOutcome = { status: 'temporary', error: `No mail host of ${domain} could be reached` };
    for (const host of plan.hosts) {
      const addresses = await addressesOf(resolver, host);
      if (addresses.length === 0) {
        last = { status: 'temporary', error: `The mail host ${host} of ${domain} has no address` };
        continue;
      }
      for (const address of addresses) {
        const transport = nodemailer.createTransport({
          host: address,
          port,
          secure: false,
          name: config.smtpHostname,
          // Opportunistic STARTTLS: MX hosts rarely have certificates a sender can verify.
          tls: { servername: host, rejectUnauthorized: false },
          ...timeouts,
        });
        try {
          const info = await transport.sendMail(mailOptions(mail, recipients, dkim));
          return { status: 'accepted', response: String(info.response ?? ''), host };
        } catch (error) {
          const outcome = classifySendError(error);
          // A 5xx from one MX is the domain's answer; anything else: try the next host.
          if (outcome.status === 'permanent') return outcome;
          last = { status: 'temporary', error: `${host}: ${outcome.error}` };
        } finally {
          transport.close();
        }
      }
    }
    return last;
  }

  return {
    mode: 'direct',
    async send(mail) {
      const byDomain = new Map<string, string[]>();
      for (const recipient of [...mail.to, ...(mail.cc ?? [])]) {
        const domain = recipient.slice(recipient.lastIndexOf('@') + 1).toLowerCase();
        if (!domain || !recipient.includes('@')) return { status: 'permanent', error: `Invalid recipient address ${recipient}` };
        byDomain.set(domain, [...(byDomain.get(domain) ?? []), recipient]);
      }
      // One domain after the other; a retry after a later domain's temporary failure resends to
      // the earlier ones too (at-least-once; replies have a single recipient today).
      let accepted: SendOutcome | null = null;
      for (const [domain, recipients] of byDomain) {
        const outcome = await deliverToDomain(mail, domain, recipients);
        if (outcome.status !== 'accepted') return outcome;
        accepted = outcome;
      }
      return accepted ?? { status: 'permanent', error: 'No recipients' };
    },
    close() {},
  };
}
