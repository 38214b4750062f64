/**
 * Reading the overrides of automatic decisions (issue 7 part 9, P7): every override on a ticket
 * (its Overrides list, oldest first) and the workspace's, newest first, for leads. Recording one is
 * `recordDecisionOverride` (record-override.ts), called inside the overriding use case's transaction.
 */
import type { DecisionOverrideDto, DecisionOverrideList, DecisionOverridePage, ListOverridesQuery } from '@rapport/contracts/overrides';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { decodeTimestampCursor, toPage } from '../../platform/keyset-cursor.ts';
import { selectOverridePage, selectTicketOverrides, type DecisionOverrideListRow } from './overrides.queries.ts';
import type { OverrideKind } from './record-override.ts';

export { recordDecisionOverride, type OverrideKind, type OverrideRecord } from './record-override.ts';

export function toOverrideDto(row: DecisionOverrideListRow): DecisionOverrideDto {
  return {
    id: row.id,
    ticket: { id: row.ticketId, number: row.ticketNumber, subject: row.ticketSubject },
    kind: row.kind,
    subject: row.subject,
    reason: row.reason,
    before: row.before,
    after: row.after,
    actor: row.actorId && row.actorName !== null ? { id: row.actorId, name: row.actorName } : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The overrides of one ticket, oldest first (other modules read their own kind through this). */
export async function overridesOfTicket(db: DbOrTx, workspaceId: string, ticketId: string, kind?: OverrideKind): Promise<DecisionOverrideDto[]> {
  return (await selectTicketOverrides(db, workspaceId, ticketId, kind)).map(toOverrideDto);
}

export async function listTicketOverrides(deps: AppDeps, actor: Actor, ticketId: string): Promise<DecisionOverrideList> {
  return { items: await overridesOfTicket(deps.db, actor.workspaceId, ticketId) };
}

export async function listOverrides(deps: AppDeps, actor: Actor, query: ListOverridesQuery & { limit: number }): Promise<DecisionOverridePage> {
  const cursor = query.cursor ? decodeTimestampCursor(query.cursor) : null;
  const rows = await selectOverridePage(deps.db, actor.workspaceId, { limit: query.limit, cursor, kind: query.kind });
  return toPage(rows, query.limit, (page) => page.map(toOverrideDto), (last) => ({ values: [last.cursorAt], id: last.id }));
}
