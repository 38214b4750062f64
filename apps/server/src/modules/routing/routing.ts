/**
 * Routing (issue 7 part 3, P5): gives new and unassigned tickets of automatically routed teams to an
 * available agent who speaks the ticket's language and has the skills it needs (routing-rules.ts
 * decides; this file loads the facts and applies the decision).
 *
 * It runs from the outbox (a ticket was created, changed team or became unassigned), never inside
 * the ticket change itself: the assignment is an ordinary `updateTicket` by the system actor (or by
 * the person who pressed "route now"), so its audit entry, events and notifications are those of a
 * person's assignment, and a person can always override it (P7).
 *
 * At-least-once delivery: routing only touches a ticket that is still new or open, unassigned and in
 * a routed team, so handling an event twice assigns once. The decision is made again under locks
 * of the ticket row and its team rows, and the flag, pointer and assignment are written in that
 * same transaction: routers of one team take turns, so round-robin and the per-agent maximum hold
 * across worker processes.
 */
import type { UpdateTicketBody } from '@rapport/contracts/tickets';
import type {
  MyAvailability,
  RouteResult,
  RoutingAgentList,
  SetAvailabilityBody,
  TeamRoutingDto,
  TeamRoutingList,
  UpdateMemberRoutingBody,
  UpdateTeamRoutingBody,
} from '@rapport/contracts/routing';
import type { RoutingOverrideBody, TicketRoutingState } from '@rapport/contracts/overrides';
import type { DbOrTx } from '@rapport/db/database';
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyRealtime, recordAudit } from '../../platform/events.ts';
import type { EventListener, OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { roleHas } from '../../platform/permissions.ts';
import { overridesOfTicket, recordDecisionOverride } from '../overrides/overrides.ts';
import { lockTicketByRef } from '../tickets/get-ticket.ts';
import { ticketTopics } from '../tickets/tickets.events.ts';
import { changeTicket } from '../tickets/update-ticket.ts';
import { chooseAssignee, isRoutable, type RoutingDecision } from './routing-rules.ts';
import {
  findMembershipRouting,
  findRoutingTeam,
  findRoutingTicket,
  findTicketRoutingState,
  listRoutingTeams,
  loadCandidates,
  lockRoutingTeams,
  setAutoRouting,
  setRoutingFlag,
  setTeamPointer,
  teamExistsIn,
  updateMembershipRouting,
  updateTeamRouting,
} from './routing.queries.ts';

// ---- Routing a ticket ------------------------------------------------------------------------

async function decide(db: DbOrTx, workspaceId: string, ticketId: string, trigger: 'event' | 'manual') {
  const ticket = await findRoutingTicket(db, workspaceId, ticketId);
  if (!ticket) return null;
  if (!isRoutable(ticket)) return { ticket, decision: chooseAssignee({ ticket, team: null, fallback: null, candidates: [], trigger }) };
  const team = ticket.teamId ? await findRoutingTeam(db, workspaceId, ticket.teamId) : null;
  const fallback = team?.fallbackTeamId ? await findRoutingTeam(db, workspaceId, team.fallbackTeamId) : null;
  // Nothing to load for a manual team on an event: the rules say no without candidates.
  const isSkipped = trigger === 'event' && (!team || team.mode === 'manual');
  const teamIds = team ? [team.id, ...(fallback ? [fallback.id] : [])] : null;
  const candidates = isSkipped ? [] : await loadCandidates(db, workspaceId, teamIds);
  return { ticket, decision: chooseAssignee({ ticket, team, fallback, candidates, trigger }) };
}

/**
 * Routes one ticket now. `actor` is the person who asked ("route now"); without one the system
 * routes (outbox events), and then only tickets of teams whose mode is not manual.
 */
export async function routeTicket(deps: AppDeps, workspaceId: string, ticketId: string, options: { actor?: Actor } = {}): Promise<RouteResult> {
  const trigger = options.actor ? 'manual' : 'event';
  // A cheap look first: most ticket events need no routing at all.
  const glance = await decide(deps.db, workspaceId, ticketId, trigger);
  if (!glance) throw new AppError('TICKET_NOT_FOUND', { message: 'No such ticket in this workspace.', details: { ref: ticketId } });
  const unchangedOf = (ticket: typeof glance.ticket, reason: RouteResult['reason']): RouteResult => ({
    ticketId,
    assigneeId: ticket.assigneeId,
    teamId: ticket.teamId,
    routingFlag: ticket.routingFlag,
    changed: false,
    reason,
  });
  const needsWork = (decided: NonNullable<typeof glance>) =>
    decided.decision.assigneeId !== null || decided.decision.teamId !== decided.ticket.teamId || decided.decision.routingFlag !== decided.ticket.routingFlag;
  if (!needsWork(glance)) return unchangedOf(glance.ticket, glance.decision.reason);

  const actor = options.actor ?? systemActor(workspaceId);
  const routed = await deps.db.transaction(async (tx) => {
    // Decide again under locks: the ticket row, then its team and fallback team (in id order), so
    // two routers of one team take turns and see each other's assignment, pointer and counts.
    const locked = await findRoutingTicket(tx, workspaceId, ticketId, { lock: true });
    if (!locked) return null;
    if (locked.teamId) await lockRoutingTeams(tx, workspaceId, locked.teamId);
    const decided = await decide(tx, workspaceId, ticketId, trigger);
    if (!decided || !needsWork(decided)) return { decided, changed: false };
    const { ticket, decision } = decided;
    if (decision.routingFlag !== ticket.routingFlag) {
      await setRoutingFlag(tx, workspaceId, ticketId, decision.routingFlag);
      await recordAudit(tx, actor, {
        action: 'ticket.routing_flagged',
        subjectType: 'ticket',
        subjectId: ticketId,
        data: { flag: decision.routingFlag, language: ticket.language, fromTeamId: ticket.teamId, toTeamId: decision.teamId },
      });
    }
    if (decision.pointer) await setTeamPointer(tx, workspaceId, decision.pointer.teamId, decision.pointer.userId);
    const changes: UpdateTicketBody = {};
    if (decision.teamId !== ticket.teamId) changes.teamId = decision.teamId;
    if (decision.assigneeId) changes.assigneeId = decision.assigneeId;
    if (Object.keys(changes).length > 0) await changeTicket(tx, actor, ticketId, changes, deps.clock.now());
    return { decided, changed: true };
  });
  if (!routed?.decided) throw new AppError('TICKET_NOT_FOUND', { message: 'No such ticket in this workspace.', details: { ref: ticketId } });
  const { ticket, decision } = routed.decided;
  if (!routed.changed) return unchangedOf(ticket, ticket.assigneeId !== null ? 'already_assigned' : decision.reason);
  deps.logger.info({ workspaceId, ticketId, reason: decision.reason, assigneeId: decision.assigneeId, teamId: decision.teamId }, 'ticket routed');
  return resultOf(ticketId, decision);
}

function resultOf(ticketId: string, decision: RoutingDecision): RouteResult {
  return { ticketId, assigneeId: decision.assigneeId, teamId: decision.teamId, routingFlag: decision.routingFlag, changed: true, reason: decision.reason };
}

/** "Route now": routes the ticket as its team would (a manual team, or no team: to the least loaded); ROUTING_NO_AGENT when nobody can take it. */
export async function routeTicketNow(deps: AppDeps, actor: Actor, ticketId: string): Promise<RouteResult> {
  const result = await routeTicket(deps, actor.workspaceId, ticketId, { actor });
  if (result.assigneeId === null) {
    throw new AppError('ROUTING_NO_AGENT', {
      message: noAgentMessages[result.reason] ?? 'No available agent can take this ticket.',
      details: { reason: result.reason, teamId: result.teamId, routingFlag: result.routingFlag },
    });
  }
  return result;
}

const noAgentMessages: Partial<Record<RouteResult['reason'], string>> = {
  not_routable: 'Only new or open tickets that nobody has are routed.',
  no_members: 'The team has no members.',
  none_online: 'No member of the team is online.',
  no_language_match: 'No online member speaks the ticket\'s language, and there is no fallback team to send it to.',
  missing_skills: 'No online member has every skill the ticket needs.',
  at_capacity: 'Every suitable agent has their maximum of open tickets.',
};

/** The outbox topics after which a ticket may need routing: created, team changed, unassigned, reopened. */
export const routingTopics = [ticketTopics.created, ticketTopics.updated, ticketTopics.assigned, ticketTopics.statusChanged] as const;

export async function handleRoutingEvent(deps: AppDeps, event: OutboxEvent): Promise<void> {
  const ticketId = event.payload['ticketId'];
  if (typeof ticketId !== 'string') return;
  try {
    await routeTicket(deps, event.workspaceId, ticketId);
  } catch (error) {
    // A ticket deleted since (merge clean-up, workspace removal) has nothing left to route.
    if (error instanceof AppError && error.code === 'TICKET_NOT_FOUND') return;
    throw error;
  }
}

export function routingListener(deps: AppDeps): EventListener {
  return { name: 'route-tickets', topics: routingTopics, handle: (event) => handleRoutingEvent(deps, event) };
}

// ---- A person overrides routing (P7) ------------------------------------------------------------

/** How routing stands on a ticket, with the override that turned automatic routing off. */
export async function ticketRoutingState(deps: AppDeps, actor: Actor, ticketId: string, db: DbOrTx = deps.db): Promise<TicketRoutingState> {
  const row = await findTicketRoutingState(db, actor.workspaceId, ticketId);
  if (!row) throw new AppError('TICKET_NOT_FOUND', { message: 'No such ticket in this workspace.', details: { ref: ticketId } });
  const last = row.autoRouting ? null : ((await overridesOfTicket(db, actor.workspaceId, ticketId, 'routing')).at(-1) ?? null);
  return { ...row, override: last ? { reason: last.reason, actor: last.actor, createdAt: last.createdAt } : null };
}

/**
 * A person routes a ticket by hand (assignee and/or team, with a reason): the change goes through
 * `changeTicket` as that person, automatic routing is turned off for the ticket (so a later routing
 * event leaves it alone) and its routing flag cleared. `resume` turns automatic routing back on and
 * routes the ticket at once when nobody has it. Both are recorded as a 'routing' override.
 */
export async function overrideTicketRouting(deps: AppDeps, actor: Actor, ref: string, body: RoutingOverrideBody): Promise<TicketRoutingState> {
  const now = deps.clock.now();
  const ticketId = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const before = { assigneeId: ticket.assigneeId, teamId: ticket.teamId, routingFlag: ticket.routingFlag, autoRouting: ticket.autoRouting };
    if (body.action === 'resume') {
      if (ticket.autoRouting) throw new AppError('OVERRIDE_NOT_APPLICABLE', { message: 'Automatic routing is already on for this ticket.', details: { action: 'resume' } });
      await setAutoRouting(tx, actor.workspaceId, ticket.id, true);
      await recordDecisionOverride(tx, actor, { ticketId: ticket.id, kind: 'routing', subject: 'resume', reason: body.reason, before, after: { ...before, autoRouting: true } }, now);
    } else {
      // Off first: the change's own events then find a ticket routing must leave alone.
      await setAutoRouting(tx, actor.workspaceId, ticket.id, false);
      const changes: UpdateTicketBody = {};
      if (body.assigneeId !== undefined) changes.assigneeId = body.assigneeId;
      if (body.teamId !== undefined) changes.teamId = body.teamId;
      await changeTicket(tx, actor, ticket.id, changes, now);
      const after = { assigneeId: body.assigneeId !== undefined ? body.assigneeId : ticket.assigneeId, teamId: body.teamId !== undefined ? body.teamId : ticket.teamId, routingFlag: null, autoRouting: false };
      await recordDecisionOverride(tx, actor, { ticketId: ticket.id, kind: 'routing', subject: 'assign', reason: body.reason, before, after }, now);
    }
    await notifyRealtime(tx, { type: 'ticket.updated', workspaceId: actor.workspaceId, ticketId: ticket.id, ticketNumber: ticket.number, actorId: actor.userId, at: now.toISOString() });
    return ticket.id;
  });
  // Back on: routing takes the ticket as it would any other (only when nobody has it).
  if (body.action === 'resume') await routeTicket(deps, actor.workspaceId, ticketId);
  return ticketRoutingState(deps, actor, ticketId);
}

// ---- Availability, languages, skills ------------------------------------------------------------

function requireUser(actor: Actor): string {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Availability belongs to a person; this request has no user.' });
  return actor.userId;
}

export async function getMyAvailability(deps: AppDeps, actor: Actor): Promise<MyAvailability> {
  const row = await findMembershipRouting(deps.db, actor.workspaceId, requireUser(actor));
  return { availability: row?.availability ?? 'offline' };
}

export async function setMyAvailability(deps: AppDeps, actor: Actor, body: SetAvailabilityBody): Promise<MyAvailability> {
  const userId = requireUser(actor);
  await deps.db.transaction(async (tx) => {
    const before = await findMembershipRouting(tx, actor.workspaceId, userId);
    if (!before || before.availability === body.availability) return;
    await updateMembershipRouting(tx, actor.workspaceId, userId, { availability: body.availability });
    await recordAudit(tx, actor, { action: 'member.availability_changed', subjectType: 'user', subjectId: userId, data: { from: before.availability, to: body.availability } });
  });
  return { availability: body.availability };
}

export async function listRoutingAgents(deps: AppDeps, actor: Actor): Promise<RoutingAgentList> {
  const rows = await loadCandidates(deps.db, actor.workspaceId, null);
  return {
    items: rows.map((row) => ({
      id: row.userId,
      name: row.name,
      availability: row.availability,
      languages: [...row.languages],
      skills: [...row.skills],
      openTickets: row.openTickets,
      maxOpenTickets: row.maxOpenTickets,
      teamIds: [...row.teamIds],
    })),
  };
}

const uniqueSorted = (values: readonly string[]) => [...new Set(values)].sort();

/**
 * A member's routing profile. Everyone may declare their own languages and skills; another
 * member's profile, and anyone's maximum of open tickets, need team.manage (leads and admins).
 */
export async function updateMemberRouting(deps: AppDeps, actor: Actor, userId: string, body: UpdateMemberRoutingBody) {
  const isSelf = actor.userId === userId;
  const canManage = roleHas(actor.role, 'team.manage');
  await deps.db.transaction(async (tx) => {
    const before = await findMembershipRouting(tx, actor.workspaceId, userId);
    if (!before) throw new AppError('USER_NOT_FOUND', { message: 'No active member with that id in this workspace.', details: { id: userId } });
    if (!canManage && !isSelf) throw new AppError('FORBIDDEN', { message: 'Only leads and admins change another member\'s languages and skills.' });
    if (!canManage && body.maxOpenTickets !== undefined) throw new AppError('FORBIDDEN', { message: 'Only leads and admins set the maximum of open tickets.' });
    const values = {
      ...(body.languages !== undefined ? { languages: uniqueSorted(body.languages) } : {}),
      ...(body.skills !== undefined ? { skills: uniqueSorted(body.skills) } : {}),
      ...(body.maxOpenTickets !== undefined ? { maxOpenTickets: body.maxOpenTickets } : {}),
    };
    await updateMembershipRouting(tx, actor.workspaceId, userId, values);
    await recordAudit(tx, actor, {
      action: 'member.routing_changed',
      subjectType: 'user',
      subjectId: userId,
      data: { from: { languages: before.languages, skills: before.skills, maxOpenTickets: before.maxOpenTickets }, to: values },
    });
  });
  const agent = (await listRoutingAgents(deps, actor)).items.find((item) => item.id === userId);
  if (!agent) throw new AppError('USER_NOT_FOUND', { message: 'No active member with that id in this workspace.', details: { id: userId } });
  return agent;
}

// ---- Team routing ------------------------------------------------------------------------------

function teamRoutingDto(row: { id: string; name: string; mode: TeamRoutingDto['routing']; fallbackTeamId: string | null }): TeamRoutingDto {
  return { id: row.id, name: row.name, routing: row.mode, fallbackTeamId: row.fallbackTeamId };
}

export async function listTeamRouting(deps: AppDeps, actor: Actor): Promise<TeamRoutingList> {
  return { items: (await listRoutingTeams(deps.db, actor.workspaceId)).map(teamRoutingDto) };
}

export async function setTeamRouting(deps: AppDeps, actor: Actor, teamId: string, body: UpdateTeamRoutingBody): Promise<TeamRoutingDto> {
  return deps.db.transaction(async (tx) => {
    const before = await findRoutingTeam(tx, actor.workspaceId, teamId);
    if (!before) throw new AppError('TEAM_NOT_FOUND', { message: 'No team with that id in this workspace.', details: { id: teamId } });
    if (body.fallbackTeamId) {
      if (body.fallbackTeamId === teamId) {
        throw new AppError('VALIDATION_FAILED', { message: 'A team cannot be its own fallback team.', details: { fields: ['fallbackTeamId'] } });
      }
      if (!(await teamExistsIn(tx, actor.workspaceId, body.fallbackTeamId))) {
        throw new AppError('TEAM_NOT_FOUND', { message: 'No fallback team with that id in this workspace.', details: { id: body.fallbackTeamId } });
      }
    }
    const row = (await updateTeamRouting(tx, actor.workspaceId, teamId, body))!;
    await recordAudit(tx, actor, {
      action: 'team.routing_changed',
      subjectType: 'team',
      subjectId: teamId,
      data: { from: { routing: before.mode, fallbackTeamId: before.fallbackTeamId }, to: { routing: row.mode, fallbackTeamId: row.fallbackTeamId } },
    });
    return teamRoutingDto(row);
  });
}
