/**
 * A macro's ticket changes, applied inside the transaction that sends the reply or note written
 * with it. A change that no longer fits (the assignee left, the team was deleted) is skipped and
 * recorded, never allowed to block the message itself. Status is left to the caller: an explicit
 * "send and set" status wins over the macro's.
 */
import type { MacroActions } from '@rapport/contracts/composer';
import type { DbOrTx } from '@rapport/db/database';
import { ensureTags, isActiveMember, teamExists, type TicketRow, type updateTicketRow } from './tickets.queries.ts';

type TicketValues = Parameters<typeof updateTicketRow>[3];

export async function macroTicketValues(
  tx: DbOrTx,
  ticket: TicketRow,
  actions: MacroActions,
): Promise<{ values: TicketValues; applied: string[]; skipped: string[] }> {
  const values: TicketValues = {};
  const applied: string[] = [];
  const skipped: string[] = [];
  if (actions.priority && actions.priority !== ticket.priority) {
    values.priority = actions.priority;
    applied.push('priority');
  }
  if (actions.addTags && actions.addTags.length > 0) {
    const tags = [...new Set([...ticket.tags, ...actions.addTags])].sort();
    if (tags.length !== ticket.tags.length) {
      await ensureTags(tx, ticket.workspaceId, tags);
      values.tags = tags;
      applied.push('tags');
    }
  }
  if (actions.assigneeId !== undefined && actions.assigneeId !== ticket.assigneeId) {
    if (actions.assigneeId === null || (await isActiveMember(tx, ticket.workspaceId, actions.assigneeId))) {
      values.assigneeId = actions.assigneeId;
      applied.push('assignee');
    } else skipped.push('assignee');
  }
  if (actions.teamId !== undefined && actions.teamId !== ticket.teamId) {
    if (actions.teamId === null || (await teamExists(tx, ticket.workspaceId, actions.teamId))) {
      values.teamId = actions.teamId;
      applied.push('team');
    } else skipped.push('team');
  }
  return { values, applied, skipped };
}
