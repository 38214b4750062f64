/**
 * Escalation paths (issue 7 part 4, P12). A workspace defines ordered levels above the first line
 * (level 0), each with a team and/or a named expert; a person moves a ticket between levels with a
 * hand-off note (also added to the ticket as an internal note), and a breached SLA clock moves a
 * ticket up one level by itself when that level says so. Every move is a ticket_escalations row,
 * an audit entry and a `ticket.escalated` event.
 *
 * The ticket's team and assignee change through the tickets module's own use case
 * (`changeTicket`, inside the escalation's transaction), so validation, the
 * `ticket.assigned` event (the expert is notified), SLA clocks and queue keys behave exactly as for
 * any other reassignment; the hand-off note goes through `addNote` the same way.
 */
import { workspaceTimeZone } from '../workspaces/update-workspace.ts';
import type { DbOrTx, Tx } from '@rapport/db/database';
import type {
  EscalateBody,
  EscalationLevelDto,
  EscalationLevelList,
  PutEscalationLevelsBody,
  TicketEscalationDto,
  TicketEscalations,
} from '@rapport/contracts/escalations';
import type { UpdateTicketBody } from '@rapport/contracts/tickets';
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import type { EventListener, OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { slaTopics } from '../sla/sla.ts';
import { addNote } from '../tickets/add-note.ts';
import { lockTicketByRef, requireTicketId } from '../tickets/get-ticket.ts';
import { recordTicketChange } from '../tickets/ticket-changes.ts';
import { changeTicket } from '../tickets/update-ticket.ts';
import { handOffNoteText, slaEscalationNote, targetLevel } from './escalation-rules.ts';
import {
  activeMemberIds,
  existingTeamIds,
  insertEscalation,
  lastFirstLineEscalator,
  levelAt,
  listLevels,
  listTicketEscalations,
  replaceLevels,
  setTicketEscalationLevel,
  slaEscalationSince,
  ticketEscalationLevel,
  type EscalationLevelRow,
  type TicketEscalationRow,
} from './escalations.queries.ts';

export const escalationTopics = { escalated: 'ticket.escalated' } as const;

const ref = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

export function levelDto(row: EscalationLevelRow): EscalationLevelDto {
  return { id: row.id, level: row.level, name: row.name, team: ref(row.teamId, row.teamName), expert: ref(row.expertId, row.expertName), onSlaBreach: row.onSlaBreach };
}

function escalationDto(row: TicketEscalationRow): TicketEscalationDto {
  return {
    id: row.id,
    fromLevel: row.fromLevel,
    toLevel: row.toLevel,
    levelName: row.toLevel === 0 ? null : row.levelName,
    team: ref(row.teamId, row.teamName),
    expert: ref(row.expertId, row.expertName),
    note: row.note,
    trigger: row.trigger,
    actor: ref(row.actorId, row.actorName),
    createdAt: row.createdAt.toISOString(),
  };
}

// ---- Levels -------------------------------------------------------------------------------

export async function listEscalationLevels(deps: AppDeps, actor: Actor): Promise<EscalationLevelList> {
  return { items: (await listLevels(deps.db, actor.workspaceId)).map(levelDto) };
}

/** Replaces the whole ordered list (entry n becomes level n); teams and experts must belong to the workspace. Audited. */
export async function putEscalationLevels(deps: AppDeps, actor: Actor, body: PutEscalationLevelsBody): Promise<EscalationLevelList> {
  const levels = body.levels.map((level) => ({ name: level.name, teamId: level.teamId ?? null, expertId: level.expertId ?? null, onSlaBreach: level.onSlaBreach }));
  return deps.db.transaction(async (tx) => {
    const teamIds = [...new Set(levels.flatMap((level) => (level.teamId ? [level.teamId] : [])))];
    const expertIds = [...new Set(levels.flatMap((level) => (level.expertId ? [level.expertId] : [])))];
    const [knownTeams, knownExperts] = [await existingTeamIds(tx, actor.workspaceId, teamIds), await activeMemberIds(tx, actor.workspaceId, expertIds)];
    levels.forEach((level, index) => {
      if (level.teamId && !knownTeams.has(level.teamId)) {
        throw new AppError('ESCALATION_INVALID', { message: `Level ${index + 1}: no team with that id in this workspace.`, details: { level: index + 1, field: 'teamId' } });
      }
      if (level.expertId && !knownExperts.has(level.expertId)) {
        throw new AppError('ESCALATION_INVALID', { message: `Level ${index + 1}: the expert is not an active member of this workspace.`, details: { level: index + 1, field: 'expertId' } });
      }
    });
    const before = await listLevels(tx, actor.workspaceId);
    await replaceLevels(tx, actor.workspaceId, levels);
    const after = await listLevels(tx, actor.workspaceId);
    const summary = (rows: EscalationLevelRow[]) => rows.map(({ level, name, teamId, expertId, onSlaBreach }) => ({ level, name, teamId, expertId, onSlaBreach }));
    await recordAudit(tx, actor, { action: 'escalation_levels.updated', subjectType: 'escalation_levels', subjectId: null, data: { from: summary(before), to: summary(after) } });
    return { items: after.map(levelDto) };
  });
}

// ---- Moving a ticket ----------------------------------------------------------------------

interface Move {
  toLevel: number;
  /** The level's definition; null for the first line. */
  level: EscalationLevelRow | null;
  note: string;
  trigger: 'manual' | 'sla';
  /** Extra audit/event data (the breach of an SLA-triggered move). */
  data?: Record<string, unknown>;
}

type LockedTicket = Awaited<ReturnType<typeof lockTicketByRef>>;

/** addNote opens its own transaction: inside ours it is a savepoint. */
const inTransaction = (deps: AppDeps, tx: Tx): AppDeps => ({ ...deps, db: tx });

/**
 * Moves a locked ticket to another level inside the caller's transaction: team and assignee
 * (through changeTicket), the level, the history row, the audit/event/realtime trio and, for a
 * person, the hand-off as an internal note.
 */
async function moveTicket(deps: AppDeps, tx: Tx, actor: Actor, ticket: LockedTicket, move: Move): Promise<void> {
  const now = deps.clock.now();
  const fromLevel = ticket.escalationLevel;
  // To a level: its team (if any) and its expert (if any and still a member; else unassigned, so
  // the team's queue and routing pick it up). Back to the first line: whoever handed it up.
  const teamId = move.level ? (move.level.teamId ?? ticket.teamId) : ticket.teamId;
  let assigneeId: string | null;
  if (move.level) {
    const expertId = move.level.expertId;
    assigneeId = expertId && (await activeMemberIds(tx, actor.workspaceId, [expertId])).has(expertId) ? expertId : null;
  } else {
    assigneeId = await lastFirstLineEscalator(tx, actor.workspaceId, ticket.id);
  }
  const changes: { teamId?: string | null; assigneeId?: string | null } = {};
  if (teamId !== ticket.teamId) changes.teamId = teamId;
  if (assigneeId !== ticket.assigneeId) changes.assigneeId = assigneeId;
  if (Object.keys(changes).length > 0) await changeTicket(tx, actor, ticket.id, changes as UpdateTicketBody, now);

  await setTicketEscalationLevel(tx, actor.workspaceId, ticket.id, move.toLevel, now);
  const history = { fromLevel, toLevel: move.toLevel, teamId: move.level?.teamId ?? null, expertId: assigneeId, trigger: move.trigger };
  const row = await insertEscalation(tx, { workspaceId: actor.workspaceId, ticketId: ticket.id, ...history, note: move.note, actorId: actor.userId, createdAt: now });
  await recordTicketChange(tx, actor, {
    ticket,
    action: 'ticket.escalated',
    topic: escalationTopics.escalated,
    realtimeType: 'ticket.updated',
    data: { escalationId: row.id, ...history, levelName: move.level?.name ?? null, ...move.data },
    at: now,
  });
  if (move.trigger === 'manual' && actor.userId) {
    const text = handOffNoteText({ fromLevel, toLevel: move.toLevel, levelName: move.level?.name ?? null, note: move.note });
    await addNote(inTransaction(deps, tx), actor, ticket.id, { text }, { keepDraft: true });
  }
}

const notMovable = (ticket: LockedTicket) =>
  ticket.mergedIntoId ? 'It was merged into another ticket.' : ticket.status === 'closed' ? 'It is closed.' : null;

/**
 * A person escalates (or de-escalates) a ticket: to `toLevel`, by default the next level up, with
 * a hand-off note. Returns the ticket's escalation state afterwards.
 */
export async function escalateTicket(deps: AppDeps, actor: Actor, ticketRef: string, body: EscalateBody): Promise<TicketEscalations> {
  const ticketId = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ticketRef);
    const reason = notMovable(ticket);
    if (reason) throw new AppError('ESCALATION_INVALID', { message: `This ticket cannot be escalated. ${reason}`, details: { ref: ticketRef } });
    const levels = await listLevels(tx, actor.workspaceId);
    const decision = targetLevel(
      ticket.escalationLevel,
      body.toLevel,
      levels.map((level) => level.level),
    );
    if (decision.kind === 'not_found') {
      throw new AppError('ESCALATION_LEVEL_NOT_FOUND', { message: `No escalation level ${decision.toLevel} in this workspace.`, details: { toLevel: decision.toLevel } });
    }
    if (decision.kind === 'invalid') {
      const message = decision.reason === 'same_level' ? `The ticket is already at level ${decision.toLevel}.` : 'The ticket is already at the highest escalation level.';
      throw new AppError('ESCALATION_INVALID', { message, details: { reason: decision.reason, level: ticket.escalationLevel } });
    }
    const level = levels.find((row) => row.level === decision.toLevel) ?? null;
    await moveTicket(deps, tx, actor, ticket, { toLevel: decision.toLevel, level, note: body.note, trigger: 'manual' });
    return ticket.id;
  });
  return escalationState(deps.db, actor.workspaceId, ticketId);
}

async function escalationState(db: DbOrTx, workspaceId: string, ticketId: string): Promise<TicketEscalations> {
  const [level, levels, rows] = [await ticketEscalationLevel(db, workspaceId, ticketId), await listLevels(db, workspaceId), await listTicketEscalations(db, workspaceId, ticketId)];
  const current = level ?? 0;
  return {
    level: current,
    levelName: levels.find((row) => row.level === current)?.name ?? null,
    nextLevel: levels.some((row) => row.level === current + 1) ? current + 1 : null,
    items: rows.map(escalationDto),
  };
}

export async function ticketEscalations(deps: AppDeps, actor: Actor, ticketRef: string): Promise<TicketEscalations> {
  return escalationState(deps.db, actor.workspaceId, await requireTicketId(deps.db, actor, ticketRef));
}

// ---- SLA-triggered escalation -------------------------------------------------------------

/**
 * On `sla.breached`: when the level above the ticket's current one escalates on SLA breaches, the
 * system moves the ticket there with a generated hand-off note. At-least-once safe: nothing happens
 * unless the ticket is still at the level it was at when the clock breached and no SLA-triggered
 * move of it happened since the breach (so a second delivery, or a second breach caught in the same
 * moment, moves it once). Returns whether it moved the ticket.
 */
export async function escalateOnSlaBreach(deps: AppDeps, event: Pick<OutboxEvent, 'workspaceId' | 'payload'>): Promise<boolean> {
  const { ticketId, metric, at, targetMinutes } = event.payload;
  if (typeof ticketId !== 'string' || typeof metric !== 'string' || typeof at !== 'string') return false;
  const breachedAt = new Date(at);
  if (Number.isNaN(breachedAt.getTime())) return false;
  const actor = systemActor(event.workspaceId);
  return deps.db.transaction(async (tx) => {
    let ticket: LockedTicket;
    try {
      ticket = await lockTicketByRef(tx, actor, ticketId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'TICKET_NOT_FOUND') return false; // deleted meanwhile
      throw error;
    }
    if (notMovable(ticket) || ticket.status === 'solved') return false;
    if ((await levelAt(tx, actor.workspaceId, ticket.id, breachedAt)) !== ticket.escalationLevel) return false;
    if (await slaEscalationSince(tx, actor.workspaceId, ticket.id, breachedAt)) return false;
    const levels = await listLevels(tx, actor.workspaceId);
    const level = levels.find((row) => row.level === ticket.escalationLevel + 1);
    if (!level?.onSlaBreach) return false;
    const note = slaEscalationNote({
      metric,
      targetMinutes: Number(targetMinutes ?? 0),
      at: breachedAt,
      timeZone: await workspaceTimeZone(tx, actor.workspaceId),
      toLevel: level.level,
      levelName: level.name,
    });
    await moveTicket(deps, tx, actor, ticket, { toLevel: level.level, level, note, trigger: 'sla', data: { breach: { metric, at: breachedAt.toISOString() } } });
    return true;
  });
}

export function slaEscalationListener(deps: AppDeps): EventListener {
  return {
    name: 'escalate-on-sla-breach',
    topics: [slaTopics.breached],
    handle: async (event) => {
      await escalateOnSlaBreach(deps, event);
    },
  };
}
