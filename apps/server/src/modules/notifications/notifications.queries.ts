import { and, count, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import {
  automaticEmails,
  customers,
  emailAddresses,
  memberships,
  messages,
  notes,
  notificationEmailSettings,
  notifications,
  outboundEmails,
  ticketFollowers,
  tickets,
  users,
  workspaces,
} from '@rapport/db/schema';
import { executedRows, type Db, type DbOrTx, type Tx } from '@rapport/db/database';
import type { NotificationEvent } from '@rapport/contracts/realtime';
import { outboundChannel, realtimeChannel } from '../../platform/events.ts';

export interface NewNotification {
  workspaceId: string;
  userId: string;
  ticketId: string;
  kind: string;
  eventId: number;
  data: Record<string, unknown>;
}

/**
 * Stores one notification and, in the same transaction, tells the recipient's open streams
 * (pg_notify is transactional: nothing is announced unless stored). Idempotent per
 * (event, recipient, kind): a redelivered event stores and announces nothing. Returns the new id.
 * Call it inside a transaction (the caller's, or one of its own). Other code stores notifications
 * through store-notification.ts, which also queues the email.
 */
export async function insertNotification(db: Tx, values: NewNotification): Promise<{ id: string; createdAt: Date } | null> {
  const [row] = await db.insert(notifications).values(values).onConflictDoNothing().returning({ id: notifications.id, createdAt: notifications.createdAt });
  if (!row) return null;
  const event: NotificationEvent = {
    type: 'notification.created',
    workspaceId: values.workspaceId,
    userId: values.userId,
    notificationId: row.id,
    ticketId: values.ticketId,
    kind: values.kind,
    at: row.createdAt.toISOString(),
  };
  await db.execute(sql`select pg_notify(${realtimeChannel}, ${JSON.stringify(event)})`);
  return row;
}

export async function findTicketAssignee(db: Db, workspaceId: string, ticketId: string) {
  const [row] = await db
    .select({ assigneeId: tickets.assigneeId, number: tickets.number, subject: tickets.subject })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
  return row ?? null;
}

/** A member's display name, only for a member of the workspace. */
export async function findUserName(db: Db, workspaceId: string, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [row] = await db
    .select({ name: users.name })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaceId)))
    .where(eq(users.id, userId));
  return row?.name ?? null;
}

export async function findMessageForNotification(db: Db, workspaceId: string, messageId: string) {
  const [row] = await db
    .select({ text: messages.text, customerName: customers.name })
    .from(messages)
    .leftJoin(customers, and(eq(customers.workspaceId, messages.workspaceId), eq(customers.id, messages.authorCustomerId)))
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  return row ?? null;
}

export async function findNoteForNotification(db: Db, workspaceId: string, noteId: string) {
  const [row] = await db
    .select({ text: notes.text, authorId: notes.authorId, authorName: users.name, mentions: notes.mentions })
    .from(notes)
    .leftJoin(users, eq(users.id, notes.authorId)) // users are global; the note row is already scoped
    .where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, noteId)));
  return row ?? null;
}

export async function listFollowerIds(db: Db, workspaceId: string, ticketId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: ticketFollowers.userId })
    .from(ticketFollowers)
    .where(and(eq(ticketFollowers.workspaceId, workspaceId), eq(ticketFollowers.ticketId, ticketId)));
  return rows.map((row) => row.userId);
}

export async function listNotifications(db: Db, workspaceId: string, userId: string, isUnreadOnly: boolean, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isUnreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}

export async function countUnread(db: Db, workspaceId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ count: count() })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.count ?? 0);
}

export async function markRead(db: Db, workspaceId: string, userId: string, ids: string[], now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), inArray(notifications.id, ids), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Marks every unread notification (created up to `before`, so one arriving meanwhile stays unread). */
export async function markAllRead(db: Db, workspaceId: string, userId: string, before: Date, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isNull(notifications.readAt), lte(notifications.createdAt, before)),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

// --- Notification emails to agents (store-notification.ts, notification-settings.ts) ---

/** The loop guard's log kind of a notification email to an agent (counted for the hourly limit). */
export const agentNotificationEmailKind = 'agent_notification';

export interface NotificationEmailFactsRow {
  email: string | null;
  name: string | null;
  isActive: boolean | null;
  choice: boolean | null;
  workspaceName: string | null;
  fromAddress: string | null;
  ticketNumber: number | null;
  ticketSubject: string | null;
}

/**
 * In one round trip, what deciding and writing a notification email needs: the recipient (login
 * address, name, membership of this workspace: null fields when not a member), their choice for
 * the kind, the workspace's name and default address, and the ticket.
 */
export async function findNotificationEmailFacts(tx: DbOrTx, workspaceId: string, userId: string, kind: string, ticketId: string | null): Promise<NotificationEmailFactsRow> {
  type Row = {
    email: string | null;
    name: string | null;
    is_active: boolean | null;
    choice: boolean | null;
    workspace_name: string | null;
    from_address: string | null;
    ticket_number: number | string | null;
    ticket_subject: string | null;
  };
  const result = await tx.execute(sql`
    select u.email, u.name, m.is_active,
      (select s.is_enabled from ${notificationEmailSettings} s where s.workspace_id = ${workspaceId} and s.user_id = ${userId} and s.kind = ${kind}) as choice,
      (select w.name from ${workspaces} w where w.id = ${workspaceId}) as workspace_name,
      (select a.address from ${emailAddresses} a where a.workspace_id = ${workspaceId} order by a.is_default desc, a.created_at, a.address limit 1) as from_address,
      (select t.number from ${tickets} t where t.workspace_id = ${workspaceId} and t.id = ${ticketId}::uuid) as ticket_number,
      (select t.subject from ${tickets} t where t.workspace_id = ${workspaceId} and t.id = ${ticketId}::uuid) as ticket_subject
    from (select 1) as one
    left join ${memberships} m on m.workspace_id = ${workspaceId} and m.user_id = ${userId}
    left join ${users} u on u.id = m.user_id`);
  const row = executedRows<Row>(result)[0];
  return {
    email: row?.email ?? null,
    name: row?.name ?? null,
    isActive: row?.is_active ?? null,
    choice: row?.choice ?? null,
    workspaceName: row?.workspace_name ?? null,
    fromAddress: row?.from_address ?? null,
    ticketNumber: row?.ticket_number === null || row?.ticket_number === undefined ? null : Number(row.ticket_number),
    ticketSubject: row?.ticket_subject ?? null,
  };
}

/**
 * Serialises one member's notification emails (an advisory lock until the transaction ends, so
 * two workers cannot both take the last slot of the hour) and counts those since `since`.
 */
export async function lockAndCountAgentNotificationEmails(tx: DbOrTx, workspaceId: string, address: string, since: Date): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`agent-notification-email:${workspaceId}:${address}`}))`);
  const [row] = await tx
    .select({ sent: count() })
    .from(automaticEmails)
    .where(
      and(
        eq(automaticEmails.workspaceId, workspaceId),
        eq(automaticEmails.address, address),
        eq(automaticEmails.kind, agentNotificationEmailKind),
        sql`${automaticEmails.createdAt} >= ${since.toISOString()}::timestamptz`,
      ),
    );
  return Number(row?.sent ?? 0);
}

/**
 * The email of a notification: its outbox row (no ticket and no message: it is for an agent, so it
 * is no part of the ticket's thread or timeline, and a reply or bounce cannot attach to the ticket),
 * its row in the automatic-email log, and the NOTIFY that wakes the sender. One statement.
 */
export async function insertNotificationEmail(
  tx: DbOrTx,
  rows: { outbound: typeof outboundEmails.$inferInsert; automatic: typeof automaticEmails.$inferInsert },
): Promise<string | null> {
  const [row] = await tx
    .execute(
      sql`with outbound as (${tx.insert(outboundEmails).values(rows.outbound).onConflictDoNothing().getSQL()} returning id),
               automatic as (${tx.insert(automaticEmails).values(rows.automatic).getSQL()} returning id)
          select (select id from outbound) as outbound_id, (select count(*) from automatic) as logged,
                 (select pg_notify(${outboundChannel}, '')) as notified`,
    )
    .then((result) => executedRows<{ outbound_id: string | null }>(result));
  return row?.outbound_id ?? null;
}

// --- A member's notification settings ---

export async function listNotificationEmailChoices(db: DbOrTx, workspaceId: string, userId: string): Promise<Map<string, boolean>> {
  const rows = await db
    .select({ kind: notificationEmailSettings.kind, isEnabled: notificationEmailSettings.isEnabled })
    .from(notificationEmailSettings)
    .where(and(eq(notificationEmailSettings.workspaceId, workspaceId), eq(notificationEmailSettings.userId, userId)));
  return new Map(rows.map((row) => [row.kind, row.isEnabled]));
}

export async function upsertNotificationEmailChoices(tx: DbOrTx, workspaceId: string, userId: string, choices: { kind: string; isEnabled: boolean }[], now: Date): Promise<void> {
  if (choices.length === 0) return;
  await tx
    .insert(notificationEmailSettings)
    .values(choices.map((choice) => ({ workspaceId, userId, kind: choice.kind, isEnabled: choice.isEnabled, updatedAt: now })))
    .onConflictDoUpdate({
      target: [notificationEmailSettings.workspaceId, notificationEmailSettings.userId, notificationEmailSettings.kind],
      set: { isEnabled: sql`excluded.is_enabled`, updatedAt: sql`excluded.updated_at` },
    });
}

/** The member's login address and whether they are an active member (null when not a member). */
export async function findMemberAddress(db: DbOrTx, workspaceId: string, userId: string): Promise<{ email: string; isActive: boolean } | null> {
  const [row] = await db
    .select({ email: users.email, isActive: memberships.isActive })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row ?? null;
}
