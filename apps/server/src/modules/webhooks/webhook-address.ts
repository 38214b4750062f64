/**
 * Webhooks must not become a way into the network Rapport runs in (SSRF): an admin could otherwise
 * point an endpoint at the database, a cloud metadata service (169.254.169.254) or an internal
 * admin page and read its status codes in the delivery log. Unless
 * `RAPPORT_WEBHOOK_ALLOW_PRIVATE_NETWORKS` is set (a shop system on the same private network),
 * deliveries only connect to public unicast addresses: an IP-literal URL is checked before the
 * request, and a host name's addresses are checked at connect time by the dispatcher's DNS lookup,
 * so a name that resolves to an internal address (or is re-pointed there later) is refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';

/** True for a public unicast address; false for loopback, private, link-local, CGNAT, multicast… */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** The URL's host when it is an IP literal (brackets of IPv6 removed), else null. */
function ipLiteralOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(host) ? host : null;
}

/**
 * Why an endpoint URL may not be used, judged without DNS (at save time): an IP literal outside
 * public unicast space, or a `localhost` name. Null when it may be (its addresses are still
 * checked at every delivery).
 */
export function privateTargetReason(rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null; // the contract reports malformed URLs
  }
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'The URL points at this server (localhost); webhooks go to public addresses only.';
  const literal = ipLiteralOf(url);
  if (literal && !isPublicAddress(literal)) return `The URL points at a private or reserved address (${literal}); webhooks go to public addresses only.`;
  return null;
}

export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(host: string) {
    super(`${host} resolves to no public address`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup for the socket that answers only public addresses (all of a name's, or an error). */
function publicOnlyLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowed = addresses.filter((entry) => isPublicAddress(entry.address));
    if (allowed.length === 0) return callback(new PrivateAddressError(hostname), []);
    if (options.all) return callback(null, allowed);
    const first = allowed[0]!;
    callback(null, first.address, first.family);
  });
}

/** The undici dispatcher deliveries use: public addresses only, or anything when allowed. */
export function webhookDispatcher(allowPrivateNetworks: boolean): Agent {
  return allowPrivateNetworks ? new Agent() : new Agent({ connect: { lookup: publicOnlyLookup } });
}

/** Checked before each delivery: an IP-literal URL skips DNS, so the lookup above never sees it. */
export function deliveryBlockedReason(rawUrl: string, allowPrivateNetworks: boolean): string | null {
  if (allowPrivateNetworks) return null;
  const url = new URL(rawUrl);
  const literal = ipLiteralOf(url);
  return literal && !isPublicAddress(literal) ? 'Refused: the URL points at a private or reserved address' : null;
}
