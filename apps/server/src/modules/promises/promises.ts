/**
 * Promises (issue 7 part 6, P26): "commitments found by the coach in sent replies become follow-up
 * tasks with a due time on the ticket and on the agent's list; a reminder before due; overdue
 * promises visible to leads; marked kept or broken; the agent can edit or drop one with a reason."
 *
 * - Made in the reply's own transaction (tickets/reply-to-ticket.ts calls createPromisesFromReply):
 *   the coach finds the commitments of the sent text, resolved against the send time in the
 *   author's zone, as the composer's coach showed them. Undo-send removes them in the undo's
 *   transaction (tickets/undo-reply.ts calls removePromisesOfReply), so only replies that really
 *   went out keep promises. (The alternative, creating them from `message.created` once the undo
 *   window closed, would need a delayed job per reply; this way needs none and is never stale.)
 * - Due: the time the reply named, else the end of the next business day; the reminder comes
 *   2 business hours before (or half the time left). The monitor (promises-monitor.ts) sends it.
 * - An overdue promise stays open (P26: a person decides whether it was kept or broken); lists
 *   show it as overdue. Every change is audited on the ticket with before and after.
 */
import type { PromiseDto, PromisePage, ListPromisesQuery, TicketPromiseList, UpdatePromiseBody } from '@rapport/contracts/promises';
import type { DbOrTx } from '@rapport/db/database';
import { coachReply } from '@rapport/reply-coach/coach';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { roleHas } from '../../platform/permissions.ts';
import { notifyRealtime, recordAudit } from '../../platform/events.ts';
import { decodeTimestampCursor, toPage } from '../../platform/keyset-cursor.ts';
import { loadBusinessCalendar } from '../business-hours/business-hours.ts';
import { promiseDueAt, promiseRemindAt } from './promise-times.ts';
import {
  deletePromisesOfMessage,
  findPromiseView,
  insertPromises,
  lockPromise,
  promisesOfTicket,
  readAuthorTimeZone,
  selectPromisePage,
  updatePromiseRow,
  type PromiseRow,
  type PromiseView,
} from './promises.queries.ts';

export const promiseTopics = {
  /** A promise's reminder time came: its owner is notified (promises-listeners.ts). */
  reminder: 'promise.reminder',
} as const;

/** The notification kind of a reminder (rendered generically by older clients). */
export const promiseReminderKind = 'promise_reminder';

const maxPromisesPerReply = 20;

export function toPromiseDto(view: PromiseView, now: Date): PromiseDto {
  return {
    id: view.id,
    ticket: { id: view.ticketId, number: view.ticketNumber, subject: view.ticketSubject },
    messageId: view.messageId,
    owner: view.ownerId && view.ownerName !== null ? { id: view.ownerId, name: view.ownerName } : null,
    text: view.text,
    dueAt: view.dueAt.toISOString(),
    remindAt: view.remindAt?.toISOString() ?? null,
    remindedAt: view.remindedAt?.toISOString() ?? null,
    status: view.status,
    overdue: view.status === 'open' && view.dueAt.getTime() < now.getTime(),
    reason: view.reason,
    resolvedBy: view.resolvedById && view.resolvedByName !== null ? { id: view.resolvedById, name: view.resolvedByName } : null,
    resolvedAt: view.resolvedAt?.toISOString() ?? null,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}

/** What the audit keeps of a promise, before and after a change. */
function snapshot(row: PromiseRow) {
  return {
    text: row.text,
    dueAt: row.dueAt.toISOString(),
    remindAt: row.remindAt?.toISOString() ?? null,
    status: row.status,
    reason: row.reason,
    ownerId: row.ownerId,
  };
}

// ---- Made by a reply, removed by its undo -------------------------------------------------

export interface ReplyForPromises {
  ticketId: string;
  messageId: string;
  authorUserId: string;
  text: string;
  /** The send time: relative dates ("tomorrow") resolve against it. */
  at: Date;
}

/**
 * Inside the reply's transaction: one open promise per commitment the coach finds in the sent
 * text, owned by the reply's author, each audited on the ticket. A reply without commitments
 * costs one coach pass and no query.
 */
export async function createPromisesFromReply(tx: DbOrTx, actor: Actor, reply: ReplyForPromises): Promise<number> {
  const probe = coachReply({ draft: reply.text, conversation: [], settings: { now: reply.at.toISOString(), timeZone: 'UTC' } });
  if (probe.commitments.length === 0) return 0;
  // Resolve again in the author's zone only now that there is something to resolve.
  const timeZone = await readAuthorTimeZone(tx, actor.workspaceId, reply.authorUserId);
  const { commitments } = coachReply({ draft: reply.text, conversation: [], settings: { now: reply.at.toISOString(), timeZone } });
  const calendar = await loadBusinessCalendar(tx, actor.workspaceId);
  const rows = commitments.slice(0, maxPromisesPerReply).map((commitment) => {
    const dueAt = promiseDueAt(calendar, reply.at, commitment.due);
    return {
      workspaceId: actor.workspaceId,
      ticketId: reply.ticketId,
      messageId: reply.messageId,
      ownerId: reply.authorUserId,
      text: commitment.text.trim().slice(0, 1000),
      dueAt,
      remindAt: promiseRemindAt(calendar, reply.at, dueAt),
      createdAt: reply.at,
      updatedAt: reply.at,
    };
  });
  const inserted = await insertPromises(tx, rows);
  for (const row of inserted) {
    await recordAudit(tx, actor, {
      action: 'promise.created',
      subjectType: 'ticket',
      subjectId: row.ticketId,
      data: { promiseId: row.id, messageId: row.messageId, after: snapshot(row), namedDue: commitments.find((item) => item.text.trim() === row.text)?.due ?? null },
    });
  }
  return inserted.length;
}

/** Inside the undo's transaction: the withdrawn reply's promises go with it (audited on the ticket). */
export async function removePromisesOfReply(tx: DbOrTx, actor: Actor, messageId: string): Promise<number> {
  const removed = await deletePromisesOfMessage(tx, actor.workspaceId, messageId);
  for (const row of removed) {
    await recordAudit(tx, actor, {
      action: 'promise.withdrawn',
      subjectType: 'ticket',
      subjectId: row.ticketId,
      data: { promiseId: row.id, messageId, before: snapshot(row) },
    });
  }
  return removed.length;
}

// ---- Reading ------------------------------------------------------------------------------

export async function listTicketPromises(deps: AppDeps, actor: Actor, ticketId: string): Promise<TicketPromiseList> {
  const now = deps.clock.now();
  return { items: (await promisesOfTicket(deps.db, actor.workspaceId, ticketId)).map((view) => toPromiseDto(view, now)) };
}

/** The agent's list (owner=me) and the leads' overdue view (status=overdue, everyone's). */
export async function listPromises(deps: AppDeps, actor: Actor, query: ListPromisesQuery): Promise<PromisePage> {
  const cursor = query.cursor ? decodeTimestampCursor(query.cursor) : null;
  let ownerId: string | null = null;
  if (query.owner === 'me') {
    if (!actor.userId) throw new AppError('VALIDATION_FAILED', { message: 'owner=me needs a person; pass a member id.' });
    ownerId = actor.userId;
  } else if (query.owner) ownerId = query.owner;
  const now = deps.clock.now();
  const rows = await selectPromisePage(deps.db, actor.workspaceId, { ownerId, status: query.status, now }, query.limit, cursor);
  return toPage(rows, query.limit, (page) => page.map((view) => toPromiseDto(view, now)), (last) => ({ values: [last.cursorAt], id: last.id }));
}

// ---- Changing -----------------------------------------------------------------------------

const notFound = (id: string) => new AppError('PROMISE_NOT_FOUND', { message: 'No promise with that id in this workspace.', details: { id } });

/**
 * Edit an open promise (text and/or due time, with a reason) or close it: kept, broken, or dropped
 * (with a reason). A new due time gets a new reminder. Closed promises do not change (PROMISE_STATE).
 */
export async function updatePromise(deps: AppDeps, actor: Actor, id: string, body: UpdatePromiseBody): Promise<PromiseDto> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await lockPromise(tx, actor.workspaceId, id);
    if (!before) throw notFound(id);
    // The promise is its author's word: they (or a lead, covering for them) change it.
    if (before.ownerId && before.ownerId !== actor.userId && !roleHas(actor.role, 'team.manage')) {
      throw new AppError('FORBIDDEN', { message: "Only the promise's author or a lead can change it.", details: { id, ownerId: before.ownerId } });
    }
    if (before.status !== 'open') {
      throw new AppError('PROMISE_STATE', { message: `This promise is ${before.status} already; only open promises change.`, details: { id, status: before.status } });
    }
    let values: Partial<PromiseRow>;
    let action: string;
    if (body.status) {
      values = { status: body.status, resolvedById: actor.userId, resolvedAt: now, updatedAt: now, ...(body.reason !== undefined ? { reason: body.reason } : {}) };
      action = `promise.${body.status}`;
    } else {
      values = { updatedAt: now, reason: body.reason ?? null };
      if (body.text !== undefined) values.text = body.text;
      if (body.dueAt !== undefined) {
        const dueAt = new Date(body.dueAt);
        if (dueAt.getTime() <= now.getTime()) {
          throw new AppError('VALIDATION_FAILED', { message: 'The new due time must be in the future.', details: { fields: ['dueAt'] } });
        }
        const calendar = await loadBusinessCalendar(tx, actor.workspaceId);
        values.dueAt = dueAt;
        values.remindAt = promiseRemindAt(calendar, now, dueAt);
        values.remindedAt = null;
      }
      action = 'promise.edited';
    }
    await updatePromiseRow(tx, actor.workspaceId, id, values);
    const after = { ...before, ...values } as PromiseRow;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const from = snapshot(before);
    const to = snapshot(after);
    for (const key of Object.keys(to) as (keyof typeof to)[]) {
      if (key !== 'remindAt' && from[key] !== to[key]) changes[key] = { from: from[key], to: to[key] };
    }
    await recordAudit(tx, actor, { action, subjectType: 'ticket', subjectId: before.ticketId, data: { promiseId: id, before: from, after: to, changes } });
    const view = await findPromiseView(tx, actor.workspaceId, id);
    await notifyRealtime(tx, {
      type: 'ticket.updated',
      workspaceId: actor.workspaceId,
      ticketId: before.ticketId,
      ticketNumber: view?.ticketNumber ?? 0,
      actorId: actor.userId,
      at: now.toISOString(),
    });
  });
  const view = await findPromiseView(deps.db, actor.workspaceId, id);
  if (!view) throw notFound(id);
  return toPromiseDto(view, now);
}
