/**
 * Sender authentication of an inbound message: SPF (the SMTP client's address against the envelope
 * sender's domain), DKIM (signatures in the message) and DMARC (the From domain's policy, aligned
 * with SPF or DKIM), with mailauth. DNS goes through a private node:dns Resolver (config.dnsServers
 * when set) with bounded per-query timeouts and one deadline for the whole check: a DNS failure
 * gives 'temperror', never an exception, and a check never takes longer than the deadline.
 *
 * Without the SMTP client's address (IMAP, import, replay of such) SPF cannot be checked: it is
 * 'skipped', and DMARC is 'pass' when an aligned DKIM signature passes, otherwise 'skipped' (a DMARC
 * failure could not be told apart from the SPF half that was never checked; the provider that
 * received the mail has enforced DMARC already).
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { dkimVerify, dmarc, spf, type DKIMVerifyResult, type DNSResolver } from 'mailauth';
import type { AppDeps } from '../../platform/app-deps.ts';

export interface AuthenticateEmailInput {
  raw: Uint8Array;
  /** The SMTP client's IP address; null when the message did not arrive over our SMTP listener. */
  remoteAddress: string | null;
  /** MAIL FROM (empty string or null for a bounce). */
  envelopeFrom: string | null;
  helo?: string | null;
}

export interface EmailAuthentication {
  /** pass | fail | softfail | neutral | none | temperror | permerror | skipped */
  spf: string;
  /** pass | fail | neutral | none | temperror | permerror | policy | skipped */
  dkim: string;
  /** pass | fail | none | temperror | skipped */
  dmarc: string;
  /** The From domain's DMARC policy (none | quarantine | reject) when a record was found. */
  dmarcPolicy: string | null;
}

export interface AuthenticationOptions {
  /** Per DNS query attempt. */
  queryTimeoutMs?: number;
  /** Attempts per DNS query. */
  queryTries?: number;
  /** The whole check (all lookups) ends by then; what is left unresolved is 'temperror'. */
  deadlineMs?: number;
}

const defaults = { queryTimeoutMs: 2000, queryTries: 2, deadlineMs: 10_000 } as const;

export const skippedAuthentication: EmailAuthentication = Object.freeze({ spf: 'skipped', dkim: 'skipped', dmarc: 'skipped', dmarcPolicy: null });

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEOUT' });
}

/** mailauth's resolver signature over a private Resolver, with a deadline shared by all lookups. */
export function createDnsResolver(dnsServers: readonly string[] | undefined, options: AuthenticationOptions = {}): { resolve: DNSResolver; cancel(): void } {
  const queryTimeoutMs = options.queryTimeoutMs ?? defaults.queryTimeoutMs;
  const deadline = Date.now() + (options.deadlineMs ?? defaults.deadlineMs);
  const resolver = new Resolver({ timeout: queryTimeoutMs, tries: options.queryTries ?? defaults.queryTries });
  if (dnsServers && dnsServers.length > 0) resolver.setServers([...dnsServers]);
  const resolve: DNSResolver = async (domain, rrtype) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timeoutError(`DNS deadline passed before ${rrtype} ${domain}`);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(`DNS deadline passed during ${rrtype} ${domain}`)), remaining);
    });
    try {
      return (await Promise.race([resolver.resolve(domain, rrtype), expired])) as string[][] | string[];
    } finally {
      clearTimeout(timer);
    }
  };
  return { resolve, cancel: () => resolver.cancel() };
}

const dkimOrder = ['pass', 'fail', 'temperror', 'permerror', 'policy', 'neutral', 'none'];

function normaliseResult(result: string | undefined): string {
  if (!result) return 'none';
  return result === 'temperr' ? 'temperror' : result;
}

function overallDkim(result: DKIMVerifyResult): string {
  const statuses = (result.results ?? []).map((row) => normaliseResult(row.status?.result));
  if (statuses.length === 0) return 'none';
  for (const status of dkimOrder) if (statuses.includes(status)) return status;
  return statuses[0]!;
}

function bufferOf(raw: Uint8Array): Buffer {
  return Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

export async function authenticateEmail(
  deps: Pick<AppDeps, 'config' | 'logger'>,
  input: AuthenticateEmailInput,
  options: AuthenticationOptions = {},
): Promise<EmailAuthentication> {
  if (!deps.config.emailAuthentication) return { ...skippedAuthentication };
  const dns = createDnsResolver(deps.config.dnsServers, options);
  const mta = deps.config.smtpHostname;
  try {
    const message = bufferOf(input.raw);
    let dkimResult: DKIMVerifyResult | null = null;
    let dkim = 'temperror';
    try {
      dkimResult = await dkimVerify(message, { resolver: dns.resolve, sender: input.envelopeFrom ?? undefined });
      dkim = overallDkim(dkimResult);
    } catch (error) {
      deps.logger.info({ err: error }, 'DKIM verification failed');
    }

    const ip = input.remoteAddress && isIP(input.remoteAddress.replace(/^::ffff:/i, '')) ? input.remoteAddress.replace(/^::ffff:/i, '') : null;
    let spfResult: Awaited<ReturnType<typeof spf>> | null = null;
    let spfStatus = 'skipped';
    if (ip) {
      try {
        const helo = input.helo?.trim() || undefined;
        spfResult = await spf({
          sender: input.envelopeFrom || undefined,
          ip,
          helo: helo ?? `[${ip}]`,
          mta,
          resolver: dns.resolve,
        });
        spfStatus = normaliseResult(spfResult?.status?.result);
      } catch (error) {
        deps.logger.info({ err: error }, 'SPF check failed');
        spfStatus = 'temperror';
      }
    }

    let dmarcStatus = 'none';
    let dmarcPolicy: string | null = null;
    const headerFrom = dkimResult?.headerFrom ?? [];
    if (!dkimResult) {
      dmarcStatus = 'temperror';
    } else if (headerFrom.length === 1) {
      try {
        const result = await dmarc({
          headerFrom: headerFrom[0]!,
          spfDomains: spfStatus === 'pass' && spfResult?.domain ? [spfResult.domain] : [],
          dkimDomains: (dkimResult.results ?? [])
            .filter((row) => row.status?.result === 'pass')
            .map((row) => ({ id: row.id, domain: row.signingDomain, aligned: row.status.aligned, underSized: row.status.underSized })),
          resolver: dns.resolve,
        });
        if (result) {
          dmarcStatus = normaliseResult(result.status?.result);
          dmarcPolicy = typeof result.policy === 'string' && result.policy ? result.policy.toLowerCase() : null;
        }
      } catch (error) {
        deps.logger.info({ err: error }, 'DMARC check failed');
        dmarcStatus = 'temperror';
      }
      if (!ip && dmarcStatus === 'fail') dmarcStatus = 'skipped';
    }
    return { spf: spfStatus, dkim, dmarc: dmarcStatus, dmarcPolicy };
  } finally {
    dns.cancel();
  }
}
