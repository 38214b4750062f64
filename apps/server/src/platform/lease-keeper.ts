/**
 * Keeps the leases one claimant holds alive while it works on them (the inbound processor, the
 * outbound sender, the outbox dispatcher and the webhook sender). Every `leaseMs / 3` it renews
 * all of them in ONE statement (`renew`), so a lease can be short: a crashed worker's rows are
 * taken over soon after it stops renewing, while a slow but alive worker never loses its work.
 *
 * A lease is identified by a token the claim returned (the claim's `attempts`, which every claim
 * increments, or the lease end the claimant chose): `renew` must extend only rows whose token
 * still matches, i.e. that no one else claimed meanwhile, and answer the new token of each row it
 * extended. A row it did not extend is lost: `isHeld` turns false and the work on it must not write.
 * A lease not renewed for `leaseMs` (the database unreachable) is treated as lost as well.
 */
import type { Logger } from './logger.ts';

export interface HeldLease<Token> {
  id: string;
  token: Token;
}

export interface LeaseKeeper<Token> {
  /** Starts keeping the lease of a freshly claimed row (claimed at `claimedAt`, performance.now()). */
  hold(id: string, token: Token, claimedAt?: number): void;
  /** Done with the row (finished, postponed or handed back): stop renewing it. */
  release(id: string): void;
  /** The row's current token, while held. */
  token(id: string): Token | undefined;
  /** Still ours: not found lost by a renewal, and renewed (or claimed) less than `leaseMs` ago. */
  isHeld(id: string): boolean;
  /** Renews every held lease now (the timer does this every `leaseMs / 3`). */
  renewNow(): Promise<void>;
  /** Stops the timer (held leases are not released here: the caller does that, or they expire). */
  stop(): void;
}

interface Entry<Token> {
  token: Token;
  /** performance.now() at which the last successful claim or renewal statement was sent. */
  renewedAt: number;
}

export function keepLeases<Token>(options: {
  name: string;
  leaseMs: number;
  logger: Logger;
  /** One statement: extends the leases still held (token unchanged); returns the new token of each extended row. */
  renew: (held: HeldLease<Token>[]) => Promise<Map<string, Token>>;
}): LeaseKeeper<Token> {
  const held = new Map<string, Entry<Token>>();
  let running: Promise<void> | null = null;
  let stopped = false;

  async function renewOnce(): Promise<void> {
    const snapshot = [...held].map(([id, entry]) => ({ id, entry }));
    if (snapshot.length === 0) return;
    const startedAt = performance.now();
    let renewed: Map<string, Token>;
    try {
      renewed = await options.renew(snapshot.map(({ id, entry }) => ({ id, token: entry.token })));
    } catch (error) {
      options.logger.warn({ err: error, loop: options.name, held: snapshot.length }, 'lease renewal failed; retried at the next tick');
      return;
    }
    const lost: string[] = [];
    for (const { id, entry } of snapshot) {
      // Released (or re-held after a new claim) while the statement ran: not this renewal's business.
      if (held.get(id) !== entry) continue;
      const token = renewed.get(id);
      if (token === undefined) {
        held.delete(id);
        lost.push(id);
      } else {
        entry.token = token;
        entry.renewedAt = startedAt;
      }
    }
    if (lost.length > 0) options.logger.warn({ loop: options.name, lost: lost.length }, 'leases lost to another worker; their work stops without writing');
  }

  function renewNow(): Promise<void> {
    if (!running) running = renewOnce().finally(() => (running = null));
    return running;
  }

  const timer = setInterval(() => {
    if (!stopped) void renewNow();
  }, Math.max(50, Math.floor(options.leaseMs / 3)));
  timer.unref();

  return {
    hold(id, token, claimedAt = performance.now()) {
      held.set(id, { token, renewedAt: claimedAt });
    },
    release(id) {
      held.delete(id);
    },
    token(id) {
      return held.get(id)?.token;
    },
    isHeld(id) {
      const entry = held.get(id);
      return entry !== undefined && performance.now() < entry.renewedAt + options.leaseMs;
    },
    renewNow,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** For `renew` callbacks whose tokens do not change (a claim count): the held leases among `renewedIds`. */
export function heldAmong<Token>(held: HeldLease<Token>[], renewedIds: Iterable<string>): Map<string, Token> {
  const renewed = new Set(renewedIds);
  return new Map(held.filter((lease) => renewed.has(lease.id)).map((lease) => [lease.id, lease.token]));
}
