/**
 * Sender authentication (SPF, DKIM, DMARC with mailauth) against a real DNS server on loopback that
 * publishes the sender domain's records. No mocks: mailauth resolves through node:dns pointed at it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { dkimSign } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type LoadConfigOptions } from '../../apps/server/src/config.ts';
import { authenticateEmail } from '../../apps/server/src/modules/email/email-authentication.ts';
import { createLogger } from '../../apps/server/src/platform/logger.ts';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.ts';

const logger = createLogger({ level: 'silent' });
const testConfig = (overrides: LoadConfigOptions['overrides']) => loadConfig({ env: {}, configFile: false, overrides: { logLevel: 'silent', ...overrides } });
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicBase64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

function message(from: string, subject = 'Where is my order?', body = 'Hello,\r\nmy order 1042 has not arrived.\r\n') {
  return Buffer.from(
    [
      `From: Alice <${from}>`,
      'To: support@shop.test',
      `Subject: ${subject}`,
      'Date: Tue, 04 Mar 2025 10:00:00 +0000',
      `Message-ID: <${Math.random().toString(36).slice(2)}@example.test>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
    ].join('\r\n'),
  );
}

async function signed(raw: Buffer, domain = 'example.test', selector = 'sel'): Promise<Buffer> {
  const signature = { signingDomain: domain, selector, privateKey: privatePem, canonicalization: 'relaxed/relaxed', algorithm: 'rsa-sha256' };
  // A fixed signTime: without it mailauth reads the clock twice (once for the signed header data,
  // once for the header it writes), and across a second boundary about 1 signature in 1,000 carries
  // a t= one second later than the one it signed, which no verifier accepts.
  const result = await dkimSign(raw, { ...signature, signTime: new Date(), signatureData: [signature] });
  expect(result.errors).toEqual([]);
  expect(result.signatures).toMatch(/^DKIM-Signature: /);
  return Buffer.concat([Buffer.from(result.signatures), raw]);
}

describe('authenticateEmail (SPF, DKIM, DMARC against a loopback DNS server)', () => {
  let dns: TestDnsServer;
  let deps: { config: ReturnType<typeof testConfig>; logger: typeof logger };

  beforeAll(async () => {
    dns = await startDnsServer({
      'example.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'], A: ['127.0.0.1'] },
      'sel._domainkey.example.test': { TXT: [`v=DKIM1; k=rsa; p=${publicBase64}`] },
      '_dmarc.example.test': { TXT: ['v=DMARC1; p=reject; rua=mailto:dmarc@example.test'] },
      'quarantined.test': { TXT: ['v=spf1 ip4:192.0.2.10 -all'] },
      '_dmarc.quarantined.test': { TXT: ['v=DMARC1; p=quarantine'] },
      'relaxed.test': { TXT: ['v=spf1 -all'] },
      '_dmarc.relaxed.test': { TXT: ['v=DMARC1; p=none'] },
      'evil.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
    });
    deps = { config: testConfig({ emailAuthentication: true, dnsServers: dns.address, smtpHostname: 'mx.shop.test' }), logger };
  });

  afterAll(async () => {
    await dns?.stop();
  });

  it('passes SPF, DKIM and DMARC for a signed message from an authorised address', async () => {
    const raw = await signed(message('alice@example.test'));
    const result = await authenticateEmail(deps, { raw, remoteAddress: '127.0.0.1', envelopeFrom: 'alice@example.test', helo: 'mail.example.test' });
    expect(result).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass', dmarcPolicy: 'reject' });
    // the answers really came from our server
    expect(dns.queries).toEqual(expect.arrayContaining(['TXT sel._domainkey.example.test', 'TXT example.test', 'TXT _dmarc.example.test']));
  });

  it('passes DMARC through aligned DKIM alone when SPF fails (e.g. a forwarded message)', async () => {
    const raw = await signed(message('alice@example.test'));
    const result = await authenticateEmail(deps, { raw, remoteAddress: '192.0.2.99', envelopeFrom: 'alice@example.test' });
    expect(result).toEqual({ spf: 'fail', dkim: 'pass', dmarc: 'pass', dmarcPolicy: 'reject' });
  });

  it('passes DMARC through aligned SPF alone for an unsigned message', async () => {
    const result = await authenticateEmail(deps, { raw: message('alice@example.test'), remoteAddress: '127.0.0.1', envelopeFrom: 'bounces@example.test' });
    expect(result).toEqual({ spf: 'pass', dkim: 'none', dmarc: 'pass', dmarcPolicy: 'reject' });
  });

  it('fails DMARC with policy reject for a forged From domain (SPF passes only for the sender\'s own domain)', async () => {
    const raw = await signed(message('ceo@example.test', 'Urgent: wire transfer'), 'evil.test', 'sel');
    const result = await authenticateEmail(deps, { raw, remoteAddress: '127.0.0.1', envelopeFrom: 'attacker@evil.test' });
    // evil.test publishes no DKIM key: its signature cannot verify; SPF passes for evil.test, not aligned with example.test
    expect(result.spf).toBe('pass');
    expect(result.dkim).not.toBe('pass');
    expect(result.dmarc).toBe('fail');
    expect(result.dmarcPolicy).toBe('reject');
  });

  it('fails DKIM and DMARC for a signed message altered after signing', async () => {
    const original = (await signed(message('alice@example.test'))).toString('latin1');
    // a signed header changed: the signature does not verify
    const header = await authenticateEmail(deps, { raw: Buffer.from(original.replace('Subject: Where is my order?', 'Subject: Pay this invoice'), 'latin1'), remoteAddress: '198.51.100.7', envelopeFrom: 'alice@example.test' });
    expect(header).toEqual({ spf: 'fail', dkim: 'fail', dmarc: 'fail', dmarcPolicy: 'reject' });
    // the body changed: mailauth reports the body hash mismatch as neutral, never pass
    const body = await authenticateEmail(deps, { raw: Buffer.from(original.replace('1042', '9999'), 'latin1'), remoteAddress: '198.51.100.7', envelopeFrom: 'alice@example.test' });
    expect(body).toEqual({ spf: 'fail', dkim: 'neutral', dmarc: 'fail', dmarcPolicy: 'reject' });
  });

  it('reports quarantine and none policies as published', async () => {
    const quarantined = await authenticateEmail(deps, { raw: message('a@quarantined.test'), remoteAddress: '127.0.0.1', envelopeFrom: 'a@quarantined.test' });
    expect(quarantined).toEqual({ spf: 'fail', dkim: 'none', dmarc: 'fail', dmarcPolicy: 'quarantine' });
    const monitored = await authenticateEmail(deps, { raw: message('b@relaxed.test'), remoteAddress: '127.0.0.1', envelopeFrom: 'b@relaxed.test' });
    expect(monitored).toEqual({ spf: 'fail', dkim: 'none', dmarc: 'fail', dmarcPolicy: 'none' });
  });

  it('gives none for a domain that publishes nothing', async () => {
    const result = await authenticateEmail(deps, { raw: message('someone@unknown.test'), remoteAddress: '127.0.0.1', envelopeFrom: 'someone@unknown.test' });
    expect(result).toEqual({ spf: 'none', dkim: 'none', dmarc: 'none', dmarcPolicy: null });
  });

  it('without the SMTP client address skips SPF and passes DMARC only through aligned DKIM', async () => {
    const good = await authenticateEmail(deps, { raw: await signed(message('alice@example.test')), remoteAddress: null, envelopeFrom: null });
    expect(good).toEqual({ spf: 'skipped', dkim: 'pass', dmarc: 'pass', dmarcPolicy: 'reject' });
    const undecidable = await authenticateEmail(deps, { raw: message('alice@example.test'), remoteAddress: null, envelopeFrom: null });
    expect(undecidable).toEqual({ spf: 'skipped', dkim: 'none', dmarc: 'skipped', dmarcPolicy: 'reject' });
  });

  it('skips everything when email authentication is switched off', async () => {
    const off = { config: testConfig({ emailAuthentication: false, dnsServers: dns.address }), logger };
    const before = dns.queries.length;
    const result = await authenticateEmail(off, { raw: await signed(message('alice@example.test')), remoteAddress: '127.0.0.1', envelopeFrom: 'alice@example.test' });
    expect(result).toEqual({ spf: 'skipped', dkim: 'skipped', dmarc: 'skipped', dmarcPolicy: null });
    expect(dns.queries.length).toBe(before);
  });

  it('gives temperror, without throwing, when the DNS server is down', async () => {
    const down = await startDnsServer({});
    await down.stop();
    const config = testConfig({ emailAuthentication: true, dnsServers: down.address });
    const started = Date.now();
    const result = await authenticateEmail({ config, logger }, { raw: await signed(message('alice@example.test')), remoteAddress: '127.0.0.1', envelopeFrom: 'alice@example.test' });
    expect(result).toEqual({ spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', dmarcPolicy: null });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gives temperror within the deadline when the DNS server never answers', async () => {
    const silent: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    silent.on('message', () => undefined); // swallows every query
    try {
      const config = testConfig({ emailAuthentication: true, dnsServers: `127.0.0.1:${silent.address().port}` });
      const started = Date.now();
      const result = await authenticateEmail(
        { config, logger },
        { raw: await signed(message('alice@example.test')), remoteAddress: '127.0.0.1', envelopeFrom: 'alice@example.test' },
        { queryTimeoutMs: 200, queryTries: 1, deadlineMs: 1500 },
      );
      const elapsed = Date.now() - started;
      expect(result).toEqual({ spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', dmarcPolicy: null });
      expect(elapsed).toBeLessThan(3000);
    } finally {
      silent.close();
    }
  });
});
