/** SQL of the escalation levels and a ticket's escalation history (escalations.ts). */
import { aliasedTable, and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { escalationLevels, memberships, teams, ticketEscalations, tickets, users } from '@rapport/db/schema';

export interface EscalationLevelRow {
  id: string;
  level: number;
  name: string;
  teamId: string | null;
  teamName: string | null;
  expertId: string | null;
  expertName: string | null;
  onSlaBreach: boolean;
}

const expertUser = aliasedTable(users, 'expert_user');
const actorUser = aliasedTable(users, 'actor_user');

const levelColumns = {
  id: escalationLevels.id,
  level: escalationLevels.level,
  name: escalationLevels.name,
  teamId: escalationLevels.teamId,
  teamName: teams.name,
  expertId: escalationLevels.expertId,
  expertName: expertUser.name,
  onSlaBreach: escalationLevels.onSlaBreach,
};

/** The workspace's levels in order, with their team's and expert's names. */
export async function listLevels(db: DbOrTx, workspaceId: string): Promise<EscalationLevelRow[]> {
  return db
    .select(levelColumns)
    .from(escalationLevels)
    .leftJoin(teams, and(eq(teams.workspaceId, escalationLevels.workspaceId), eq(teams.id, escalationLevels.teamId)))
    .leftJoin(expertUser, eq(expertUser.id, escalationLevels.expertId))
    .where(eq(escalationLevels.workspaceId, workspaceId))
    .orderBy(asc(escalationLevels.level));
}

export async function findLevel(db: DbOrTx, workspaceId: string, level: number): Promise<EscalationLevelRow | null> {
  const [row] = await db
    .select(levelColumns)
    .from(escalationLevels)
    .leftJoin(teams, and(eq(teams.workspaceId, escalationLevels.workspaceId), eq(teams.id, escalationLevels.teamId)))
    .leftJoin(expertUser, eq(expertUser.id, escalationLevels.expertId))
    .where(and(eq(escalationLevels.workspaceId, workspaceId), eq(escalationLevels.level, level)));
  return row ?? null;
}

/** Replaces every level of the workspace: the n-th entry becomes level n. */
export async function replaceLevels(
  tx: DbOrTx,
  workspaceId: string,
  levels: readonly { name: string; teamId: string | null; expertId: string | null; onSlaBreach: boolean }[],
): Promise<void> {
  await tx.delete(escalationLevels).where(eq(escalationLevels.workspaceId, workspaceId));
  if (levels.length === 0) return;
  await tx.insert(escalationLevels).values(levels.map((level, index) => ({ workspaceId, level: index + 1, ...level })));
}

/** Which of these team ids are teams of the workspace. */
export async function existingTeamIds(db: DbOrTx, workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, [...ids])));
  return new Set(rows.map((row) => row.id));
}

/** Which of these user ids are active members of the workspace. */
export async function activeMemberIds(db: DbOrTx, workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.isActive, true), inArray(memberships.userId, [...ids])));
  return new Set(rows.map((row) => row.id));
}

export async function setTicketEscalationLevel(tx: DbOrTx, workspaceId: string, ticketId: string, level: number, at: Date): Promise<void> {
  await tx
    .update(tickets)
    .set({ escalationLevel: level, updatedAt: at })
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
}

export async function ticketEscalationLevel(db: DbOrTx, workspaceId: string, ticketId: string): Promise<number | null> {
  const [row] = await db
    .select({ level: tickets.escalationLevel })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
  return row ? row.level : null;
}

export type TicketEscalationInsert = typeof ticketEscalations.$inferInsert;

export async function insertEscalation(tx: DbOrTx, values: TicketEscalationInsert): Promise<{ id: string }> {
  const [row] = await tx.insert(ticketEscalations).values(values).returning({ id: ticketEscalations.id });
  return row!;
}

export interface TicketEscalationRow {
  id: string;
  fromLevel: number;
  toLevel: number;
  levelName: string | null;
  teamId: string | null;
  teamName: string | null;
  expertId: string | null;
  expertName: string | null;
  note: string;
  trigger: 'manual' | 'sla';
  actorId: string | null;
  actorName: string | null;
  createdAt: Date;
}

/** A ticket's escalation history, newest first, with names of levels, teams, experts and actors. */
export async function listTicketEscalations(db: DbOrTx, workspaceId: string, ticketId: string): Promise<TicketEscalationRow[]> {
  return db
    .select({
      id: ticketEscalations.id,
      fromLevel: ticketEscalations.fromLevel,
      toLevel: ticketEscalations.toLevel,
      levelName: escalationLevels.name,
      teamId: ticketEscalations.teamId,
      teamName: teams.name,
      expertId: ticketEscalations.expertId,
      expertName: expertUser.name,
      note: ticketEscalations.note,
      trigger: ticketEscalations.trigger,
      actorId: ticketEscalations.actorId,
      actorName: actorUser.name,
      createdAt: ticketEscalations.createdAt,
    })
    .from(ticketEscalations)
    .leftJoin(escalationLevels, and(eq(escalationLevels.workspaceId, ticketEscalations.workspaceId), eq(escalationLevels.level, ticketEscalations.toLevel)))
    .leftJoin(teams, and(eq(teams.workspaceId, ticketEscalations.workspaceId), eq(teams.id, ticketEscalations.teamId)))
    .leftJoin(expertUser, eq(expertUser.id, ticketEscalations.expertId))
    .leftJoin(actorUser, eq(actorUser.id, ticketEscalations.actorId))
    .where(and(eq(ticketEscalations.workspaceId, workspaceId), eq(ticketEscalations.ticketId, ticketId)))
    .orderBy(desc(ticketEscalations.createdAt), desc(ticketEscalations.id));
}

/** The level a ticket was at, at a moment: the target of its last move before then (0 without one). */
export async function levelAt(db: DbOrTx, workspaceId: string, ticketId: string, at: Date): Promise<number> {
  const [row] = await db
    .select({ toLevel: ticketEscalations.toLevel })
    .from(ticketEscalations)
    .where(and(eq(ticketEscalations.workspaceId, workspaceId), eq(ticketEscalations.ticketId, ticketId), lte(ticketEscalations.createdAt, at)))
    .orderBy(desc(ticketEscalations.createdAt))
    .limit(1);
  return row?.toLevel ?? 0;
}

/** True when an SLA-triggered move of this ticket happened at or after this moment. */
export async function slaEscalationSince(db: DbOrTx, workspaceId: string, ticketId: string, at: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: ticketEscalations.id })
    .from(ticketEscalations)
    .where(
      and(
        eq(ticketEscalations.workspaceId, workspaceId),
        eq(ticketEscalations.ticketId, ticketId),
        eq(ticketEscalations.trigger, 'sla'),
        gte(ticketEscalations.createdAt, at),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * Who handed the ticket up from the first line most recently (a person, still an active member):
 * de-escalating to level 0 gives it back to them.
 */
export async function lastFirstLineEscalator(db: DbOrTx, workspaceId: string, ticketId: string): Promise<string | null> {
  const result = await db.execute(sql`
    select e.actor_id from ${ticketEscalations} e
      join ${memberships} m on m.workspace_id = e.workspace_id and m.user_id = e.actor_id and m.is_active
     where e.workspace_id = ${workspaceId} and e.ticket_id = ${ticketId} and e.from_level = 0 and e.to_level > 0
     order by e.created_at desc limit 1`);
  const [row] = (result as unknown as { rows: { actor_id: string }[] }).rows;
  return row?.actor_id ?? null;
}

