/** Sends generated mail over SMTP with nodemailer (pooled connections) and records each 250. */
import nodemailer from 'nodemailer';
import type { GeneratedMail } from './email-rig.ts';

export function rawMail(mail: GeneratedMail, to: string): string {
  return [
    `From: ${mail.from}`,
    `To: ${to}`,
    `Subject: ${mail.subject}`,
    `Message-ID: <${mail.messageId}>`,
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`, `References: <${mail.inReplyTo}>`] : []),
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    mail.text,
    '',
  ].join('\r\n');
}

export interface SmtpSender {
  /** Resolves with the server's reply when it was 250; rejects otherwise (connection refused, 4xx, 5xx). */
  send(mail: GeneratedMail): Promise<string>;
  close(): void;
}

export function createSmtpSender(options: { port: number; to: string; connections: number; timeoutMs?: number }): SmtpSender {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: options.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: options.connections,
    maxMessages: Infinity,
    connectionTimeout: options.timeoutMs ?? 10_000,
    greetingTimeout: options.timeoutMs ?? 10_000,
    socketTimeout: (options.timeoutMs ?? 10_000) * 3,
  });
  return {
    async send(mail) {
      const info = (await transport.sendMail({ envelope: { from: mail.from, to: [options.to] }, raw: rawMail(mail, options.to) })) as { response?: string };
      const response = String(info.response ?? '');
      if (!response.startsWith('250')) throw new Error(`not accepted: ${response}`);
      return response;
    },
    close: () => transport.close(),
  };
}
