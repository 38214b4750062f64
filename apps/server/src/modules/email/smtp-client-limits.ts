/**
 * Per-client limits of the SMTP listener, keyed by the client's IP address: how many connections
 * it may hold open at once, and how many messages it may start per minute (a fixed one-minute
 * window per address). Memory is bounded: expired windows are pruned as the map grows.
 */

export interface ClientLimitsOptions {
  maxConnectionsPerClient: number;
  maxMessagesPerClientPerMinute: number;
  now?: () => number;
  /** Prune expired rate windows when more addresses than this are tracked. */
  pruneAbove?: number;
}

export interface ClientLimits {
  /** Counts a new connection; false (and not counted) when the address holds its maximum already. */
  openConnection(connectionId: string, address: string): boolean;
  /** Releases a counted connection; a connection that was never counted is ignored. */
  closeConnection(connectionId: string): void;
  /** Counts one message for the address; false when it used its messages for this minute. */
  takeMessage(address: string): boolean;
  connectionsOf(address: string): number;
  readonly trackedAddresses: number;
}

const windowMs = 60_000;

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same client. */
export function normaliseClientAddress(address: string | null | undefined): string {
  const value = (address ?? '').trim();
  return value.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1') || 'unknown';
}

export function createClientLimits(options: ClientLimitsOptions): ClientLimits {
  const now = options.now ?? Date.now;
  const pruneAbove = options.pruneAbove ?? 10_000;
  const openByAddress = new Map<string, number>();
  const addressOfConnection = new Map<string, string>();
  const windows = new Map<string, { start: number; count: number }>();

  function prune(at: number) {
    for (const [address, window] of windows) if (at - window.start >= windowMs) windows.delete(address);
  }

  return {
    openConnection(connectionId, address) {
      const key = normaliseClientAddress(address);
      if (addressOfConnection.has(connectionId)) return true;
      const open = openByAddress.get(key) ?? 0;
      if (open >= options.maxConnectionsPerClient) return false;
      openByAddress.set(key, open + 1);
      addressOfConnection.set(connectionId, key);
      return true;
    },
    closeConnection(connectionId) {
      const key = addressOfConnection.get(connectionId);
      if (key === undefined) return;
      addressOfConnection.delete(connectionId);
      const open = (openByAddress.get(key) ?? 1) - 1;
      if (open <= 0) openByAddress.delete(key);
      else openByAddress.set(key, open);
    },
    takeMessage(address) {
      const key = normaliseClientAddress(address);
      const at = now();
      if (windows.size > pruneAbove) prune(at);
      const window = windows.get(key);
      if (!window || at - window.start >= windowMs) {
        windows.set(key, { start: at, count: 1 });
        return true;
      }
      if (window.count >= options.maxMessagesPerClientPerMinute) return false;
      window.count += 1;
      return true;
    },
    connectionsOf(address) {
      return openByAddress.get(normaliseClientAddress(address)) ?? 0;
    },
    get trackedAddresses() {
      return windows.size;
    },
  };
}
