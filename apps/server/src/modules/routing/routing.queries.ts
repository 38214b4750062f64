/** The only file of the routing slice that speaks SQL. Every function takes the workspace first. */
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { memberships, teamMembers, teams, tickets, users } from '@rapport/db/schema';
import type { Availability, RoutingMode } from '@rapport/contracts/routing';
import type { RoutingCandidate, RoutingTeam, RoutingTicket } from './routing-rules.ts';

/** The statuses that count as an agent's open work (for the max and for load balancing). */
const openStatuses = ['new', 'open', 'pending', 'on_hold'] as const;

export interface RoutingTicketRow extends RoutingTicket {
  id: string;
  number: number;
}

export async function findRoutingTicket(db: DbOrTx, workspaceId: string, ticketId: string, options: { lock?: boolean } = {}): Promise<RoutingTicketRow | null> {
  const query = db
    .select({
      id: tickets.id,
      number: tickets.number,
      status: tickets.status,
      assigneeId: tickets.assigneeId,
      teamId: tickets.teamId,
      language: tickets.language,
      requiredSkills: tickets.requiredSkills,
      routingFlag: tickets.routingFlag,
      mergedIntoId: tickets.mergedIntoId,
      autoRouting: tickets.autoRouting,
    })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

const teamColumns = { id: teams.id, name: teams.name, mode: teams.routing, fallbackTeamId: teams.fallbackTeamId, lastAssignedUserId: teams.lastAssignedUserId };

export async function findRoutingTeam(db: DbOrTx, workspaceId: string, teamId: string): Promise<(RoutingTeam & { name: string }) | null> {
  const [row] = await db.select(teamColumns).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  return row ?? null;
}

export async function listRoutingTeams(db: DbOrTx, workspaceId: string) {
  return db.select(teamColumns).from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name), asc(teams.id));
}

export async function updateTeamRouting(tx: DbOrTx, workspaceId: string, teamId: string, values: { routing?: RoutingMode; fallbackTeamId?: string | null }) {
  const [row] = await tx
    .update(teams)
    .set(values)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)))
    .returning(teamColumns);
  return row ?? null;
}

/** Moves the round-robin pointer of a team to the member who just got a ticket. */
export async function setTeamPointer(tx: DbOrTx, workspaceId: string, teamId: string, userId: string): Promise<void> {
  await tx.update(teams).set({ lastAssignedUserId: userId }).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
}

/** Turns automatic routing of one ticket on or off (a person's override); turning it off clears the routing flag. */
export async function setAutoRouting(tx: DbOrTx, workspaceId: string, ticketId: string, autoRouting: boolean): Promise<void> {
  await tx
    .update(tickets)
    .set(autoRouting ? { autoRouting } : { autoRouting, routingFlag: null })
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
}

/** How routing stands on a ticket (its page shows it). */
export async function findTicketRoutingState(db: DbOrTx, workspaceId: string, ticketId: string) {
  const [row] = await db
    .select({ autoRouting: tickets.autoRouting, routingFlag: tickets.routingFlag, language: tickets.language, teamId: tickets.teamId })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
  return row ?? null;
}

export async function setRoutingFlag(tx: DbOrTx, workspaceId: string, ticketId: string, flag: string | null): Promise<void> {
  await tx.update(tickets).set({ routingFlag: flag }).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
}

/**
 * The active members routing considers, with their open ticket counts and teams: the members of the
 * given teams, or every active member when `teamIds` is null.
 */
export async function loadCandidates(db: DbOrTx, workspaceId: string, teamIds: readonly string[] | null): Promise<(RoutingCandidate & { name: string })[]> {
  if (teamIds !== null && teamIds.length === 0) return [];
  const conditions = [eq(memberships.workspaceId, workspaceId), eq(memberships.isActive, true)];
  if (teamIds !== null) {
    conditions.push(
      inArray(
        memberships.userId,
        db
          .select({ userId: teamMembers.userId })
          .from(teamMembers)
          .where(and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.teamId, [...teamIds]))),
      ),
    );
  }
  const members = await db
    .select({
      userId: memberships.userId,
      name: users.name,
      availability: memberships.availability,
      languages: memberships.languages,
      skills: memberships.skills,
      maxOpenTickets: memberships.maxOpenTickets,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(...conditions))
    .orderBy(asc(users.name), asc(memberships.userId));
  if (members.length === 0) return [];
  const ids = members.map((member) => member.userId);
  const loads = await db
    .select({ userId: tickets.assigneeId, open: count() })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.assigneeId, ids), inArray(tickets.status, [...openStatuses]), isNull(tickets.mergedIntoId)))
    .groupBy(tickets.assigneeId);
  const teamRows = await db
    .select({ userId: teamMembers.userId, teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.userId, ids)));
  const open = new Map(loads.map((row) => [row.userId, Number(row.open)]));
  const teamsOf = new Map<string, string[]>();
  for (const row of teamRows) teamsOf.set(row.userId, [...(teamsOf.get(row.userId) ?? []), row.teamId]);
  return members.map((member) => ({ ...member, openTickets: open.get(member.userId) ?? 0, teamIds: teamsOf.get(member.userId) ?? [] }));
}

export async function findMembershipRouting(db: DbOrTx, workspaceId: string, userId: string) {
  const [row] = await db
    .select({ userId: memberships.userId, languages: memberships.languages, skills: memberships.skills, maxOpenTickets: memberships.maxOpenTickets, availability: memberships.availability })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId), eq(memberships.isActive, true)));
  return row ?? null;
}

export async function updateMembershipRouting(
  tx: DbOrTx,
  workspaceId: string,
  userId: string,
  values: { languages?: string[]; skills?: string[]; maxOpenTickets?: number | null; availability?: Availability },
): Promise<boolean> {
  const rows = await tx
    .update(memberships)
    .set(values)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

/** Is the team one of this workspace's? */
export async function teamExistsIn(db: DbOrTx, workspaceId: string, teamId: string): Promise<boolean> {
  const [row] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  return Boolean(row);
}

/**
 * Locks a team's row and its fallback team's (in id order, so two routers never deadlock): routing
 * within a team runs one at a time, each seeing the previous one's assignment and pointer.
 */
export async function lockRoutingTeams(tx: DbOrTx, workspaceId: string, teamId: string): Promise<void> {
  await tx.execute(sql`
    select t.id from ${teams} t
     where t.workspace_id = ${workspaceId}
       and t.id in (${teamId}::uuid, (select f.fallback_team_id from ${teams} f where f.workspace_id = ${workspaceId} and f.id = ${teamId}::uuid))
     order by t.id for update`);
}
