/**
 * Long-running services besides HTTP and the outbox dispatcher: the SMTP listener (web role),
 * the inbound processor, the outbound sender, the IMAP poller and the SLA monitor (worker role). The composition
 * root starts those of its role after the database is migrated and stops them first on shutdown.
 */
import type { AppDeps } from './platform/app-deps.ts';
import { startImapPoller } from './modules/email/imap-poller.ts';
import { startInboundProcessor } from './modules/email/inbound-processor.ts';
import { startOutboundSender } from './modules/email/outbound-sender.ts';
import { startSmtpListener } from './modules/email/smtp-listener.ts';
import { startSlaMonitor } from './modules/sla/sla-monitor.ts';
import { startPromisesMonitor } from './modules/promises/promises-monitor.ts';
import { startWaitingMonitor } from './modules/waiting/waiting-monitor.ts';
import { startAutomationTimer } from './modules/automations/automation-timer.ts';
import { startWebhookSender } from './modules/webhooks/webhook-sender.ts';

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
    { name: 'outbound-sender', roles: ['worker'], start: (deps) => startOutboundSender(deps) },
    { name: 'imap-poller', roles: ['worker'], start: (deps) => startImapPoller(deps) },
    { name: 'inbound-processor', roles: ['worker'], start: (deps) => startInboundProcessor(deps) },
    { name: 'sla-monitor', roles: ['worker'], start: (deps) => startSlaMonitor(deps) },
    { name: 'promises-monitor', roles: ['worker'], start: (deps) => startPromisesMonitor(deps) },
    { name: 'waiting-monitor', roles: ['worker'], start: (deps) => startWaitingMonitor(deps) },
    { name: 'automation-timer', roles: ['worker'], start: (deps) => startAutomationTimer(deps) },
    { name: 'webhook-sender', roles: ['worker'], start: (deps) => startWebhookSender(deps) },
    {
      name: 'smtp-listener',
      roles: ['web'],
      // Disabled: nothing listens (the service is still listed, with no port).
      start: async (deps) => (deps.config.smtpEnabled ? startSmtpListener(deps) : { stop: async () => undefined }),
    },
  ];
}
