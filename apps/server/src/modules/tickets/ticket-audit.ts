import { statusChangingMessageActions, timelineEventActions, type TicketAuditEntry, type TicketAuditPage, type TicketAuditQuery } from '@rapport/contracts/ticket-audit';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { requireTicketId } from './get-ticket.ts';
import { listTicketAuditRows, memberNames, teamNames, type AuditRow } from './ticket-audit.queries.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The member and team ids an entry names (its actor, and assignee/team changes), for one name lookup per page. */
function referencedIds(rows: Pick<AuditRow, 'actorId' | 'data'>[]): { userIds: string[]; teamIds: string[] } {
  const userIds = new Set<string>();
  const teamIds = new Set<string>();
  const add = (target: Set<string>, value: unknown) => {
    if (typeof value === 'string' && uuidPattern.test(value)) target.add(value);
  };
  for (const row of rows) {
    add(userIds, row.actorId);
    const changes = row.data['changes'];
    if (!changes || typeof changes !== 'object') continue;
    const { assigneeId, teamId } = changes as Record<string, { from?: unknown; to?: unknown } | undefined>;
    add(userIds, assigneeId?.from);
    add(userIds, assigneeId?.to);
    add(teamIds, teamId?.from);
    add(teamIds, teamId?.to);
  }
  return { userIds: [...userIds], teamIds: [...teamIds] };
}

/** Every audit entry of a ticket, paginated by entry id (newest first, or oldest first for the timeline). */
export async function getTicketAudit(deps: AppDeps, actor: Actor, ref: string, query: TicketAuditQuery): Promise<TicketAuditPage> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  const rows = await listTicketAuditRows(deps.db, actor.workspaceId, ticketId, {
    limit: query.limit,
    order: query.order,
    afterId: query.cursor ? Number(query.cursor) : null,
    only: query.only === 'events' ? { actions: timelineEventActions, statusActions: statusChangingMessageActions } : null,
  });
  const shown = rows.slice(0, query.limit);
  const { userIds, teamIds } = referencedIds(shown);
  const [members, teamRows] = await Promise.all([
    memberNames(deps.db, actor.workspaceId, userIds),
    teamNames(deps.db, actor.workspaceId, teamIds),
  ]);
  const names: Record<string, string> = {};
  for (const row of [...members, ...teamRows]) names[row.id] = row.name;
  const items = shown.map(
    (row): TicketAuditEntry => ({
      id: String(row.id),
      action: row.action,
      at: row.createdAt.toISOString(),
      actor: { type: row.actorType, id: row.actorId, name: row.actorId ? (names[row.actorId] ?? null) : null },
      data: row.data,
    }),
  );
  const last = shown[shown.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? String(last.id) : null, names };
}
