/**
 * The email admin API. Configuration (addresses, settings, IMAP mailboxes) is admin-only. Triage
 * of received emails: agents see and act on held emails (unverified senders: accept or move);
 * quarantined emails (bad input: retry, release, delete) and deleting need a lead or an admin.
 */
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { IdParams, Ok } from '@rapport/contracts/common';
import {
  CreateEmailAddressBody,
  CreateImapMailboxBody,
  EmailAddressDto,
  EmailAddressList,
  EmailSettingsDto,
  ImapMailboxDto,
  ImapMailboxList,
  InboundActionResult,
  InboundEmailDetail,
  InboundEmailList,
  InboundEmailPage,
  ListInboundEmailsQuery,
  MailboxTestResult,
  MoveInboundEmailBody,
  UpdateEmailAddressBody,
  UpdateEmailSettingsBody,
  UpdateImapMailboxBody,
} from '@rapport/contracts/email';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { RoutePermission } from '../../platform/permissions.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { contentDisposition } from '../attachments/attachment-policy.ts';
import { createEmailAddress, deleteEmailAddress, listEmailAddresses, updateEmailAddress } from './admin-addresses.ts';
import {
  acceptInboundEmail,
  deleteInboundEmail,
  downloadInboundRaw,
  getInboundEmail,
  listHeldEmailsOfTicket,
  listInboundEmails,
  moveInboundEmail,
  releaseInboundEmail,
  retryInboundEmail,
  triagePermission,
  type RawEmailDownload,
} from './admin-inbound.ts';
import { createImapMailbox, deleteImapMailbox, listImapMailboxes, testImapMailbox, updateImapMailbox } from './admin-mailboxes.ts';
import { getEmailSettings, updateEmailSettings } from './admin-settings.ts';

/** Workspace email configuration: admins only (the admin-only grant). */
const configure = 'email.manage' satisfies RoutePermission;

const RawEmail = z.string().meta({ format: 'binary', description: 'The stored RFC 5322 original, byte for byte (message/rfc822)' });

function sendRawEmail(reply: FastifyReply, file: RawEmailDownload): FastifyReply {
  return reply
    .code(200)
    .header('content-type', 'message/rfc822')
    .header('content-disposition', contentDisposition('attachment', file.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, max-age=0')
    .send(Buffer.from(file.bytes));
}

export function emailAdminRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'email';
  return [
    // ---- Addresses
    defineRoute({
      id: 'email.addresses.list',
      method: 'GET',
      url: '/api/v1/email/addresses',
      permission: configure,
      tag,
      summary: 'The workspace’s email addresses, default first (admin only)',
      response: EmailAddressList,
      handler: async ({ actor }) => ({ items: await listEmailAddresses(deps, actor) }),
    }),
    defineRoute({
      id: 'email.addresses.create',
      method: 'POST',
      url: '/api/v1/email/addresses',
      permission: configure,
      tag,
      summary: 'Add an address (lower-cased; EMAIL_ADDRESS_TAKEN if any workspace has it; the first one is the default) (admin only, honours Idempotency-Key)',
      body: CreateEmailAddressBody,
      response: EmailAddressDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createEmailAddress(deps, actor, body),
    }),
    defineRoute({
      id: 'email.addresses.update',
      method: 'PATCH',
      url: '/api/v1/email/addresses/:id',
      permission: configure,
      tag,
      summary: 'Change an address, its display name, or make it the default (admin only)',
      params: IdParams,
      body: UpdateEmailAddressBody,
      response: EmailAddressDto,
      handler: ({ actor, params, body }) => updateEmailAddress(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'email.addresses.delete',
      method: 'DELETE',
      url: '/api/v1/email/addresses/:id',
      permission: configure,
      tag,
      summary: 'Stop receiving mail at an address; the oldest remaining one becomes the default if needed (admin only)',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await deleteEmailAddress(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
    // ---- Settings
    defineRoute({
      id: 'email.settings.get',
      method: 'GET',
      url: '/api/v1/email/settings',
      permission: configure,
      tag,
      summary: 'Email settings: subject threading, auto-acknowledgement template, daily automatic-message limit, business hours (admin only; the signing secret is never returned)',
      response: EmailSettingsDto,
      handler: ({ actor }) => getEmailSettings(deps, actor),
    }),
    defineRoute({
      id: 'email.settings.update',
      method: 'PATCH',
      url: '/api/v1/email/settings',
      permission: configure,
      tag,
      summary: 'Change email settings; an empty template restores the built-in one (admin only)',
      body: UpdateEmailSettingsBody,
      response: EmailSettingsDto,
      handler: ({ actor, body }) => updateEmailSettings(deps, actor, body),
    }),
    // ---- IMAP mailboxes
    defineRoute({
      id: 'email.mailboxes.list',
      method: 'GET',
      url: '/api/v1/email/mailboxes',
      permission: configure,
      tag,
      summary: 'IMAP mailboxes with their status, last error and failures (admin only; passwords are never returned)',
      response: ImapMailboxList,
      handler: async ({ actor }) => ({ items: await listImapMailboxes(deps, actor) }),
    }),
    defineRoute({
      id: 'email.mailboxes.create',
      method: 'POST',
      url: '/api/v1/email/mailboxes',
      permission: configure,
      tag,
      summary: 'Add an IMAP mailbox for the worker to poll (admin only, honours Idempotency-Key)',
      body: CreateImapMailboxBody,
      response: ImapMailboxDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createImapMailbox(deps, actor, body),
    }),
    defineRoute({
      id: 'email.mailboxes.update',
      method: 'PATCH',
      url: '/api/v1/email/mailboxes/:id',
      permission: configure,
      tag,
      summary: 'Change an IMAP mailbox; the password is write-only; a connection change clears the failure state (admin only)',
      params: IdParams,
      body: UpdateImapMailboxBody,
      response: ImapMailboxDto,
      handler: ({ actor, params, body }) => updateImapMailbox(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'email.mailboxes.delete',
      method: 'DELETE',
      url: '/api/v1/email/mailboxes/:id',
      permission: configure,
      tag,
      summary: 'Stop polling an IMAP mailbox; mail already received stays (admin only)',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await deleteImapMailbox(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
    defineRoute({
      id: 'email.mailboxes.test',
      method: 'POST',
      url: '/api/v1/email/mailboxes/:id/test',
      permission: configure,
      tag,
      summary: 'Connect, sign in and open the folder of a stored mailbox now; reports the error if any (admin only)',
      params: IdParams,
      response: MailboxTestResult,
      successStatus: 200,
      handler: ({ actor, params }) => testImapMailbox(deps, actor, params.id),
    }),
    // ---- Received emails: quarantine and held
    defineRoute({
      id: 'email.inbound.list',
      method: 'GET',
      url: '/api/v1/email/inbound',
      permission: 'ticket.read',
      tag,
      summary: 'Received emails that are quarantined or held, newest first (held: any agent; quarantined: leads and admins)',
      query: ListInboundEmailsQuery,
      response: InboundEmailPage,
      handler: ({ actor, query }) => listInboundEmails(deps, actor, query),
    }),
    defineRoute({
      id: 'email.inbound.get',
      method: 'GET',
      url: '/api/v1/email/inbound/:id',
      permission: 'ticket.read',
      tag,
      summary: 'One received email: receipt, reason, sender, subject, claimed ticket (held: any agent; others: leads and admins)',
      params: IdParams,
      response: InboundEmailDetail,
      handler: ({ actor, params }) => getInboundEmail(deps, actor, params.id),
    }),
    defineRoute({
      id: 'email.inbound.raw',
      method: 'GET',
      url: '/api/v1/email/inbound/:id/raw',
      permission: 'ticket.read',
      tag,
      summary: 'Download the raw original (message/rfc822, always as an attachment, never rendered) (held: any agent; others: leads and admins)',
      params: IdParams,
      response: RawEmail,
      handler: async ({ actor, params, reply }) => sendRawEmail(reply, await downloadInboundRaw(deps, actor, params.id)),
    }),
    defineRoute({
      id: 'email.inbound.retry',
      method: 'POST',
      url: '/api/v1/email/inbound/:id/retry',
      permission: triagePermission,
      tag,
      summary: 'Process a quarantined email again from its raw original; it may be quarantined again with a new reason (leads and admins)',
      params: IdParams,
      response: InboundActionResult,
      successStatus: 200,
      handler: ({ actor, params }) => retryInboundEmail(deps, actor, params.id),
    }),
    defineRoute({
      id: 'email.inbound.release',
      method: 'POST',
      url: '/api/v1/email/inbound/:id/release',
      permission: triagePermission,
      tag,
      summary: 'Process a quarantined email despite its reason, as far as the message allows (leads and admins)',
      params: IdParams,
      response: InboundActionResult,
      successStatus: 200,
      handler: ({ actor, params }) => releaseInboundEmail(deps, actor, params.id),
    }),
    defineRoute({
      id: 'email.inbound.accept',
      method: 'POST',
      url: '/api/v1/email/inbound/:id/accept',
      permission: 'ticket.update',
      tag,
      summary: 'Accept a held email into the ticket it claims to belong to (any agent; audited)',
      params: IdParams,
      response: InboundActionResult,
      successStatus: 200,
      handler: ({ actor, params }) => acceptInboundEmail(deps, actor, params.id),
    }),
    defineRoute({
      id: 'email.inbound.move',
      method: 'POST',
      url: '/api/v1/email/inbound/:id/move',
      permission: 'ticket.update',
      tag,
      summary: 'Move a held email to a new ticket or to another ticket (any agent; audited)',
      params: IdParams,
      body: MoveInboundEmailBody,
      response: InboundActionResult,
      successStatus: 200,
      handler: ({ actor, params, body }) => moveInboundEmail(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'email.inbound.delete',
      method: 'DELETE',
      url: '/api/v1/email/inbound/:id',
      permission: triagePermission,
      tag,
      summary: 'Mark a quarantined or held email deleted; the raw original stays in storage (leads and admins; audited)',
      params: IdParams,
      response: InboundEmailDetail,
      handler: ({ actor, params }) => deleteInboundEmail(deps, actor, params.id),
    }),
    defineRoute({
      id: 'tickets.heldEmails',
      method: 'GET',
      url: '/api/v1/tickets/:ref/held-emails',
      permission: 'ticket.read',
      tag: 'tickets',
      summary: 'Emails held from unverified senders that claim to belong to this ticket (accept or move them)',
      params: TicketRefParams,
      response: InboundEmailList,
      handler: async ({ actor, params }) => ({ items: await listHeldEmailsOfTicket(deps, actor, params.ref) }),
    }),
  ];
}
