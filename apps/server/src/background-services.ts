/**
 * Long-running services besides HTTP and the outbox dispatcher: the SMTP listener (web role),
 * the inbound processor, the outbound sender and the IMAP poller (worker role). The composition
 * root starts those of its role after the database is migrated and stops them first on shutdown.
 */
import type { AppDeps } from './platform/app-deps.ts';

export interface RunningService {
  stop(): Promise<void>;
  /** The bound port, for services that listen (tests ask for port 0). */
  port?: number;
}

export interface BackgroundService {
  name: string;
  roles: readonly ('web' | 'worker')[];
  start(deps: AppDeps): Promise<RunningService>;
}

export function allBackgroundServices(): BackgroundService[] {
  return [
    // Each email service adds one entry here.
  ];
}
