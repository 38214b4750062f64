import type { DbOrTx } from '@rapport/db/database';
import type { TicketDetail, UpdateTicketBody } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { lessonForOutcomeChange, recordLesson } from '../lessons/lessons.ts';
import { loadTicketDetail, lockTicketByRef } from './get-ticket.ts';
import { recordTicketChange } from './ticket-changes.ts';
import { nextStatus } from './ticket-status.ts';
import { ticketTopics } from './tickets.events.ts';
import { ensureTags, isActiveMember, loadCustomFieldDefinitions, teamExists, updateTicketRow } from './tickets.queries.ts';
import { applyCustomFields } from './validate-custom-fields.ts';

export async function updateTicket(deps: AppDeps, actor: Actor, ref: string, input: UpdateTicketBody): Promise<TicketDetail> {
  const ticketId = await deps.db.transaction((tx) => changeTicket(tx, actor, ref, input, deps.clock.now()));
  return loadTicketDetail(deps.db, actor.workspaceId, ticketId);
}

/**
 * The update inside the caller's transaction (escalation, auto-close and routing change tickets as
 * part of their own work): validates, writes the ticket and records the change. Returns its id.
 */
export async function changeTicket(tx: DbOrTx, actor: Actor, ref: string, input: UpdateTicketBody, now: Date): Promise<string> {
  const ticket = await lockTicketByRef(tx, actor, ref);
  const ticketId = ticket.id;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const values: Parameters<typeof updateTicketRow>[3] = { updatedAt: now };

  if (input.subject !== undefined && input.subject !== ticket.subject) {
    values.subject = input.subject;
    changes['subject'] = { from: ticket.subject, to: input.subject };
  }
  if (input.priority !== undefined && input.priority !== ticket.priority) {
    values.priority = input.priority;
    changes['priority'] = { from: ticket.priority, to: input.priority };
  }
  if (input.language !== undefined && input.language !== ticket.language) {
    values.language = input.language;
    changes['language'] = { from: ticket.language, to: input.language };
  }
  if (input.assigneeId !== undefined && input.assigneeId !== ticket.assigneeId) {
    if (input.assigneeId && !(await isActiveMember(tx, actor.workspaceId, input.assigneeId))) {
      throw new AppError('USER_NOT_FOUND', { message: 'The assignee is not a member of this workspace.' });
    }
    values.assigneeId = input.assigneeId;
    changes['assigneeId'] = { from: ticket.assigneeId, to: input.assigneeId };
  }
  if (input.teamId !== undefined && input.teamId !== ticket.teamId) {
    if (input.teamId && !(await teamExists(tx, actor.workspaceId, input.teamId))) {
      throw new AppError('TEAM_NOT_FOUND', { message: 'No team with that id in this workspace.' });
    }
    values.teamId = input.teamId;
    changes['teamId'] = { from: ticket.teamId, to: input.teamId };
  }
  // P6/P13: an outcome that becomes "could not solve" needs a lesson, on every path that gets here.
  let lesson: ReturnType<typeof lessonForOutcomeChange> = null;
  if (input.status !== undefined || input.outcome !== undefined) {
    const next = nextStatus(ticket, { status: input.status, outcome: input.outcome }, now);
    lesson = lessonForOutcomeChange({ from: ticket.outcome, to: next.outcome, lesson: input.lesson, productFeedback: input.productFeedback });
    if (next.status !== ticket.status) changes['status'] = { from: ticket.status, to: next.status };
    if (next.outcome !== ticket.outcome) changes['outcome'] = { from: ticket.outcome, to: next.outcome };
    Object.assign(values, next);
  } else if (input.lesson !== undefined || input.productFeedback !== undefined) {
    lessonForOutcomeChange({ from: ticket.outcome, to: null, lesson: input.lesson, productFeedback: input.productFeedback });
  } else if (values.assigneeId && ticket.status === 'new') {
    // Assigning a new ticket means someone is on it.
    values.status = 'open';
    changes['status'] = { from: 'new', to: 'open' };
  }
  const tagSet = new Set(input.tags ?? ticket.tags);
  for (const tag of input.addTags ?? []) tagSet.add(tag);
  for (const tag of input.removeTags ?? []) tagSet.delete(tag);
  const nextTags = [...tagSet].sort();
  if (nextTags.join('\u0000') !== [...ticket.tags].sort().join('\u0000')) {
    values.tags = nextTags;
    changes['tags'] = { from: ticket.tags, to: nextTags };
    await ensureTags(tx, actor.workspaceId, nextTags);
  }
  if (input.customFields) {
    const next = applyCustomFields(await loadCustomFieldDefinitions(tx, actor.workspaceId), ticket.customFields, input.customFields);
    values.customFields = next;
    changes['customFields'] = { from: ticket.customFields, to: next };
  }
  if (Object.keys(changes).length === 0 && !lesson) return ticketId;
  await updateTicketRow(tx, actor.workspaceId, ticketId, values);
  const recorded = lesson ? await recordLesson(tx, actor, { ticketId, at: now, ...lesson }) : null;
  const topic = changes['assigneeId'] ? ticketTopics.assigned : changes['status'] ? ticketTopics.statusChanged : ticketTopics.updated;
  await recordTicketChange(tx, actor, {
    ticket,
    action: 'ticket.updated',
    topic,
    realtimeType: 'ticket.updated',
    data: { changes, ...(recorded && lesson ? { lesson: { id: recorded.id, productFeedback: lesson.productFeedback !== null } } : {}) },
    at: now,
  });
  return ticketId;
}
