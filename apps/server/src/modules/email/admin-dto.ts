/** Row → API shape for the email admin API. Secrets (signing secret, mailbox password) never pass through. */
import type {
  EmailAddressDto,
  EmailSettingsDto,
  ImapMailboxDto,
  InboundEmailDetail,
  InboundEmailSummary,
} from '@rapport/contracts/email';
import type { EmailSettings } from './email-settings.ts';
import { backoffMs, defaultImapPollerOptions } from './imap-poller.ts';
import type { EmailAddressRow, InboundRow, PublicMailboxRow } from './email-admin.queries.ts';

export function toEmailAddressDto(row: EmailAddressRow): EmailAddressDto {
  return { id: row.id, address: row.address, displayName: row.displayName, isDefault: row.isDefault, createdAt: row.createdAt.toISOString() };
}

export function toEmailSettingsDto(row: EmailSettings): EmailSettingsDto {
  return {
    subjectThreading: row.subjectThreading,
    autoAckEnabled: row.autoAckEnabled,
    autoAckSubject: row.autoAckSubject,
    autoAckBody: row.autoAckBody,
    autoMessageDailyLimit: row.autoMessageDailyLimit,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toImapMailboxDto(row: PublicMailboxRow): ImapMailboxDto {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    secure: row.secure,
    username: row.username,
    hasPassword: row.hasPassword,
    mailbox: row.mailbox,
    processedAction: row.processedAction,
    moveTo: row.moveTo,
    enabled: row.enabled,
    status: row.status,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    failures: row.failures,
    nextRetryAt:
      row.status === 'failing' && row.lastErrorAt && row.enabled
        ? new Date(row.lastErrorAt.getTime() + backoffMs(row.failures, defaultImapPollerOptions)).toISOString()
        : null,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastUid: row.lastUid,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toInboundSummary(row: InboundRow): InboundEmailSummary {
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    reason: row.reason,
    reasonDetail: row.reasonDetail,
    fromAddress: row.fromAddress,
    subject: row.subject,
    receivedAt: row.receivedAt.toISOString(),
    rawSize: row.rawSize,
    attempts: row.attempts,
    ticket:
      row.ticketId && row.ticketNumber !== null ? { id: row.ticketId, number: row.ticketNumber, subject: row.ticketSubject ?? '' } : null,
  };
}

export function toInboundDetail(row: InboundRow): InboundEmailDetail {
  return {
    ...toInboundSummary(row),
    envelopeFrom: row.envelopeFrom,
    envelopeTo: row.envelopeTo,
    remoteAddress: row.remoteAddress,
    helo: row.helo,
    mailboxId: row.mailboxId,
    messageId: row.messageId,
    processedAt: row.processedAt?.toISOString() ?? null,
  };
}
