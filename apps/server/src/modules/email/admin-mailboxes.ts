/**
 * IMAP mailboxes of a workspace (admin only). The password is write-only: stored for the worker,
 * never returned, logged or audited. Changing where or how a mailbox connects resets its failure
 * state so the worker tries it again at once; changing the folder or server also forgets the UID
 * position (a different folder has its own UIDVALIDITY).
 */
import type { CreateImapMailboxBody, ImapMailboxDto, MailboxTestResult, UpdateImapMailboxBody } from '@rapport/contracts/email';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { toImapMailboxDto } from './admin-dto.ts';
import { testImapConnection } from './imap-mailbox.ts';
// The worker's IMAP poller reloads its mailboxes when this is notified (same module).
import { notifyImapMailboxesChanged } from './imap.queries.ts';
import {
  deleteMailboxRow,
  insertMailbox,
  selectMailboxes,
  selectMailboxWithSecret,
  selectPublicMailbox,
  updateMailboxRow,
  type MailboxRow,
  type NewMailbox,
} from './email-admin.queries.ts';

export const mailboxNotFound = (id: string) => new AppError('MAILBOX_NOT_FOUND', { message: 'No such IMAP mailbox in this workspace.', details: { id } });

/** What the audit log may say about a mailbox: never the password. */
function auditable(values: Partial<NewMailbox>): Record<string, unknown> {
  const { password, ...rest } = values;
  return { ...rest, ...(password === undefined ? {} : { password: '(changed)' }) };
}

export async function listImapMailboxes(deps: AppDeps, actor: Actor): Promise<ImapMailboxDto[]> {
  return (await selectMailboxes(deps.db, actor.workspaceId)).map(toImapMailboxDto);
}

async function requirePublicMailbox(deps: AppDeps, actor: Actor, id: string): Promise<ImapMailboxDto> {
  const row = await selectPublicMailbox(deps.db, actor.workspaceId, id);
  if (!row) throw mailboxNotFound(id);
  return toImapMailboxDto(row);
}

export async function createImapMailbox(deps: AppDeps, actor: Actor, input: CreateImapMailboxBody): Promise<ImapMailboxDto> {
  const values: NewMailbox = {
    name: input.name,
    host: input.host,
    port: input.port,
    secure: input.secure,
    username: input.username,
    password: input.password,
    mailbox: input.mailbox,
    processedAction: input.processedAction,
    moveTo: input.processedAction === 'move' ? input.moveTo : null,
    enabled: input.enabled,
    createdAt: deps.clock.now(),
  };
  const id = await deps.db.transaction(async (tx) => {
    const newId = await insertMailbox(tx, actor.workspaceId, values);
    await recordAudit(tx, actor, { action: 'imap_mailbox.created', subjectType: 'imap_mailbox', subjectId: newId, data: auditable(values) });
    await notifyImapMailboxesChanged(tx);
    return newId;
  });
  return requirePublicMailbox(deps, actor, id);
}

const connectionFields = ['host', 'port', 'secure', 'username', 'password', 'mailbox'] as const;

export async function updateImapMailbox(deps: AppDeps, actor: Actor, id: string, input: UpdateImapMailboxBody): Promise<ImapMailboxDto> {
  await deps.db.transaction(async (tx) => {
    const current = await selectMailboxWithSecret(tx, actor.workspaceId, id);
    if (!current) throw mailboxNotFound(id);
    const changes: Partial<NewMailbox> = {};
    for (const [key, value] of Object.entries(input) as [keyof UpdateImapMailboxBody, unknown][]) {
      if (value !== undefined) Object.assign(changes, { [key]: value });
    }
    const processedAction = input.processedAction ?? current.processedAction;
    const moveTo = input.moveTo === undefined ? current.moveTo : input.moveTo;
    if (processedAction === 'move' && !moveTo) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'Moving processed mail needs a folder to move it to.',
        details: { issues: [{ path: ['moveTo'], message: 'Moving processed mail needs a folder to move it to' }] },
      });
    }
    if (processedAction === 'flag') changes.moveTo = null;
    const reconnects = connectionFields.some((field) => input[field] !== undefined && input[field] !== current[field as keyof MailboxRow]);
    if (reconnects || input.enabled === true) {
      Object.assign(changes, { status: 'idle', failures: 0, lastError: null, lastErrorAt: null });
    }
    const isOtherFolder = (['host', 'port', 'username', 'mailbox'] as const).some((field) => input[field] !== undefined && input[field] !== current[field]);
    if (isOtherFolder) {
      Object.assign(changes, { uidValidity: null, lastUid: 0 });
    }
    await updateMailboxRow(tx, actor.workspaceId, id, changes);
    await recordAudit(tx, actor, { action: 'imap_mailbox.updated', subjectType: 'imap_mailbox', subjectId: id, data: auditable(changes) });
    await notifyImapMailboxesChanged(tx);
  });
  return requirePublicMailbox(deps, actor, id);
}

/** Mail already received from the mailbox stays; the worker stops polling it. */
export async function deleteImapMailbox(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await deleteMailboxRow(tx, actor.workspaceId, id);
    if (!row) throw mailboxNotFound(id);
    await recordAudit(tx, actor, { action: 'imap_mailbox.deleted', subjectType: 'imap_mailbox', subjectId: id, data: row });
    await notifyImapMailboxesChanged(tx);
  });
}

/**
 * Connects to the stored mailbox now (from the web role: the worker keeps polling meanwhile), signs
 * in and opens the folder read-only. Bounded in time; the error text never contains the password.
 */
export async function testImapMailbox(deps: AppDeps, actor: Actor, id: string, timeoutMs = 20_000): Promise<MailboxTestResult> {
  const row = await selectMailboxWithSecret(deps.db, actor.workspaceId, id);
  if (!row) throw mailboxNotFound(id);
  const startedAt = performance.now();
  const result = await testImapConnection(
    { host: row.host, port: row.port, secure: row.secure, username: row.username, password: row.password, mailbox: row.mailbox },
    { timeoutMs },
  );
  const durationMs = Math.round(performance.now() - startedAt);
  return result.ok
    ? { ok: true, error: null, messages: result.messages, idle: result.idle, durationMs }
    : { ok: false, error: result.error, messages: null, idle: null, durationMs };
}
